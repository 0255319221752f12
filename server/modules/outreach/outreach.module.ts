import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createDashboardService } from './dashboard.service';
import { createOutreachReports } from './outreach.service';
import { loadRegions } from './regions';
import { createReportService } from './report.service';
import { createStatsRepository } from './stats.repository';
import { createStatsService } from './stats.service';
import { createVisitorService } from './visitor.service';

/**
 * Outreach statistics, built once per connection. Feature modules take `stats.events` and call
 * `stats.events.recordEvent({...})`; routes use `reports`, `visitors` and `dashboard`.
 */
export function buildStats(connection: Connection, config: Config) {
  const repo = createStatsRepository(connection);
  const regions = loadRegions();
  const events = createStatsService({
    repo,
    regions,
    timezone: config.stats.timezone,
    pseudonymSecret: config.stats.pseudonymSecret,
  });
  const reports = createOutreachReports({
    reports: createReportService({ models: repo.models, regions }),
    regions,
    timezone: config.stats.timezone,
    k: config.stats.suppressionK,
  });
  const visitors = createVisitorService({
    events,
    salts: repo.models.Salts,
    timezone: config.stats.timezone,
  });
  const dashboard = createDashboardService({ reports });
  return { repo, regions, events, reports, visitors, dashboard, settings: config.stats };
}

export type Stats = ReturnType<typeof buildStats>;
