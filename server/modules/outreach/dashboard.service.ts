import type { Day } from './buckets';
import type { PresentedReport } from './outreach.presenter';
import type { OutreachReports, Reader, ReportInput } from './outreach.service';
import { METRICS, type Period } from './outreach.vocabulary';
import type { ReportQuery } from './report.query';

/** What the dashboard was asked for (already validated at the edge). */
export interface DashboardInput {
  readonly from?: Day | undefined;
  readonly to?: Day | undefined;
  readonly period: Period;
}

/** A panel's figures and the query that produced them (the download link repeats it). */
export interface DashboardPanel {
  readonly query: ReportQuery | null;
  readonly report: PresentedReport | null;
}

/** Everything the page shows, each panel straight from the report service (rollups only). */
export interface DashboardData {
  readonly from: Day;
  readonly to: Day;
  readonly period: Period;
  readonly summary: PresentedReport;
  readonly overTime: DashboardPanel;
  readonly countries: DashboardPanel;
  readonly regions: DashboardPanel;
  readonly languages: DashboardPanel;
  readonly webinars: DashboardPanel & { readonly metrics: readonly string[] };
}

export interface DashboardService {
  /** Loads every panel of the dashboard for a range, suppressed and labelled for the reader. */
  load(input: DashboardInput, reader: Reader): Promise<DashboardData>;
}

/** The webinar figures, by preference: the webinars module's names, then the event-type counts. */
const WEBINAR_METRICS: readonly (readonly string[])[] = [
  ['registrations', 'attendance'],
  ['registrations', 'attendances'],
];

/** The staff dashboard: a handful of breakdowns over the same range, all through `reports`. */
export function createDashboardService(deps: {
  reports: OutreachReports;
  clock?: () => Date;
}): DashboardService {
  const clock = deps.clock ?? (() => new Date());
  return {
    async load(input, reader) {
      const range = defaultRange(input, clock());
      const base: ReportInput = { ...range, period: 'all' };
      const panel = async (extra: Partial<ReportInput>): Promise<DashboardPanel> => {
        const query = deps.reports.query({ ...base, ...extra });
        return { query, report: await deps.reports.breakdown(query, reader) };
      };
      const metrics = webinarMetrics();
      const [summary, overTime, countries, regions, languages, webinars] = await Promise.all([
        deps.reports.summary(range, reader),
        panel({ metrics: ['enrolments', 'completions'], period: input.period }),
        panel({ metrics: ['enrolments'], by: ['country'] }),
        panel({ metrics: ['enrolments'], by: ['region'] }),
        panel({ metrics: ['enrolments'], by: ['language'] }),
        metrics.length ? panel({ metrics, by: ['event'] }) : Promise.resolve({ query: null, report: null }),
      ]);
      return {
        ...range,
        period: input.period,
        summary,
        overTime,
        countries,
        regions,
        languages,
        webinars: { ...webinars, metrics },
      };
    },
  };
}

/**
 * Without dates the dashboard shows the current calendar year, whole: a range of whole years keeps
 * the distinct counts (learners, active learners) available, which a year-to-date range would not.
 */
function defaultRange(input: DashboardInput, now: Date): { from: Day; to: Day } {
  const year = now.getUTCFullYear();
  const to = input.to ?? (input.from ? `${input.from.slice(0, 4)}-12-31` : `${year}-12-31`);
  const from = input.from ?? `${to.slice(0, 4)}-01-01`;
  return { from, to };
}

function webinarMetrics(): string[] {
  const known = new Set<string>(METRICS);
  return [...(WEBINAR_METRICS.find((set) => set.every((m) => known.has(m))) ?? [])];
}
