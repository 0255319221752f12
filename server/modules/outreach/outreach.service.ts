import type { TFunction } from 'i18next';
import { AppError } from '../../shared/errors';
import { type Day, dayBucket } from './buckets';
import { type PresentedReport, presentReport } from './outreach.presenter';
import {
  COUNT_METRICS,
  DIMENSIONS,
  DISTINCT_METRICS,
  type Dimension,
  type Metric,
  type Period,
  VISITOR_METRIC,
} from './outreach.vocabulary';
import type { Regions } from './regions';
import { distinctGrain, parseReportQuery, type ReportQuery } from './report.query';
import type { ReportService } from './report.service';
import { type StreamedReport, streamReport } from './report.stream';

/** A report request as the edge schema parses it (lists already split). */
export interface ReportInput extends Partial<Record<Dimension, string[]>> {
  readonly from?: Day | undefined;
  readonly to?: Day | undefined;
  readonly metrics?: string[];
  readonly by?: string[];
  readonly period?: Period | 'all';
}

/** Who reads, in which language (for labels). */
export interface Reader {
  readonly locale: string;
  readonly t: TFunction;
}

export interface OutreachReports {
  /** The validated query a request stands for (defaults filled in). */
  query(input: ReportInput): ReportQuery;
  /** A breakdown, suppressed and labelled. */
  breakdown(q: ReportQuery, reader: Reader): Promise<PresentedReport>;
  /** The same breakdown for an export: two passes over the cuboids, rows streamed (report.stream.ts). */
  stream(q: ReportQuery, reader: Reader): Promise<StreamedReport>;
  /** Headline figures for a range: every count, plus distinct counts when the range is one bucket. */
  summary(input: ReportInput, reader: Reader): Promise<PresentedReport>;
}

/** Staff reports: request → query → rollups → suppression → labels. */
export function createOutreachReports(deps: {
  reports: ReportService;
  regions: Regions;
  timezone: string;
  k: number;
  clock?: () => Date;
}): OutreachReports {
  const clock = deps.clock ?? (() => new Date());
  const query = (input: ReportInput) => {
    const to = input.to ?? dayBucket(clock(), deps.timezone);
    const from = input.from ?? `${to.slice(0, 4)}-01-01`;
    return parseReportQuery({
      metrics: input.metrics ?? [],
      by: input.by ?? [],
      period: input.period ?? 'all',
      from,
      to,
      filters: filtersOf(input, deps.regions),
    });
  };
  const breakdown = async (q: ReportQuery, reader: Reader) =>
    presentReport(q, await deps.reports.breakdown(q), { ...reader, k: deps.k, timezone: deps.timezone });
  return {
    query,
    breakdown,
    stream: (q, reader) => streamReport(deps.reports, q, { ...reader, k: deps.k, timezone: deps.timezone }),
    async summary(input, reader) {
      const base = query({ ...input, by: [], period: 'all', metrics: [] });
      const metrics: Metric[] = [
        ...(Object.keys(COUNT_METRICS) as Metric[]),
        VISITOR_METRIC,
        'completionRate',
      ];
      if (distinctAvailable(base)) metrics.push(...(Object.keys(DISTINCT_METRICS) as Metric[]));
      return breakdown(parseReportQuery({ ...base, metrics }), reader);
    },
  };
}

function distinctAvailable(q: ReportQuery): boolean {
  try {
    distinctGrain('learners', q);
    return Object.keys(q.filters).length <= 1;
  } catch {
    return false;
  }
}

function filtersOf(input: ReportInput, regions: Regions): Partial<Record<Dimension, string[]>> {
  const filters: Partial<Record<Dimension, string[]>> = {};
  for (const dim of DIMENSIONS) {
    const values = input[dim];
    if (!values || values.length === 0) continue;
    filters[dim] = dim === 'country' ? values.map((v) => v.toUpperCase()) : values;
    if (dim === 'region')
      for (const r of values)
        if (!regions.keys.includes(r))
          throw new AppError('stats_unknown_region', {
            params: { region: r, allowed: regions.keys.join(', ') },
          });
  }
  return filters;
}
