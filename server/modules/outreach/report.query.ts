import { AppError } from '../../shared/errors';
import { bucketOf, type Day, daysBetween, isAligned } from './buckets';
import {
  DIMENSIONS,
  DISTINCT_GRAINS,
  DISTINCT_SCOPES,
  type Dimension,
  type DistinctGrain,
  isDistinctMetric,
  METRICS,
  type Metric,
  type Period,
  VISITOR_DIMENSIONS,
  VISITOR_METRIC,
} from './outreach.vocabulary';

export const MAX_DIMENSIONS = 4;
export const MAX_RANGE_DAYS = 3653;

/** A validated report request: what to count, how to break it down, over which days. */
export interface ReportQuery {
  readonly metrics: readonly Metric[];
  readonly by: readonly Dimension[];
  /** `all`: one figure for the whole range; otherwise one row per bucket. */
  readonly period: Period | 'all';
  readonly from: Day;
  readonly to: Day;
  readonly filters: Readonly<Partial<Record<Dimension, readonly string[]>>>;
}

/** The raw (string) request as the route's schema passes it. */
export interface RawReportQuery {
  readonly metrics: readonly string[];
  readonly by: readonly string[];
  readonly period: Period | 'all';
  readonly from: Day;
  readonly to: Day;
  readonly filters: Readonly<Partial<Record<Dimension, readonly string[]>>>;
}

/** Checks the request against the vocabulary and limits; throws a 400 naming the problem. */
export function parseReportQuery(raw: RawReportQuery): ReportQuery {
  if (raw.from > raw.to)
    throw new AppError('stats_invalid_range', { params: { from: raw.from, to: raw.to } });
  if (daysBetween(raw.from, raw.to) >= MAX_RANGE_DAYS)
    throw new AppError('stats_range_too_long', { params: { years: 10 } });
  for (const m of raw.metrics) {
    if (!(METRICS as readonly string[]).includes(m))
      throw new AppError('stats_unknown_metric', { params: { metric: m, allowed: METRICS.join(', ') } });
  }
  for (const d of raw.by) {
    if (!(DIMENSIONS as readonly string[]).includes(d))
      throw new AppError('stats_unknown_dimension', {
        params: { dimension: d, allowed: DIMENSIONS.join(', ') },
      });
  }
  if (raw.by.length > MAX_DIMENSIONS)
    throw new AppError('stats_too_many_dimensions', {
      params: { count: raw.by.length, max: MAX_DIMENSIONS },
    });
  const query = { ...raw, metrics: raw.metrics as Metric[], by: [...new Set(raw.by)] as Dimension[] };
  for (const m of query.metrics) checkMetricShape(m, query);
  return query;
}

/** The dimensions a query touches: breakdowns and filters. */
export function touchedDimensions(q: Pick<ReportQuery, 'by' | 'filters'>): Dimension[] {
  return [...new Set([...q.by, ...(Object.keys(q.filters) as Dimension[])])];
}

function checkMetricShape(metric: Metric, q: ReportQuery): void {
  const dims = touchedDimensions(q);
  if (metric === VISITOR_METRIC) {
    if (dims.some((d) => !VISITOR_DIMENSIONS.includes(d)))
      throw new AppError('stats_metric_dimensions', {
        params: { metric, dimensions: VISITOR_DIMENSIONS.join(', ') },
      });
    return;
  }
  if (!isDistinctMetric(metric)) return;
  const singleValued = Object.values(q.filters).every((v) => (v?.length ?? 0) <= 1);
  if (
    dims.length > 1 ||
    !singleValued ||
    dims.some((d) => !(DISTINCT_SCOPES as readonly string[]).includes(d))
  )
    throw new AppError('stats_metric_dimensions', {
      params: { metric, dimensions: `${DISTINCT_SCOPES.join(', ')} (one)` },
    });
  distinctGrain(metric, q);
}

/**
 * The grain whose buckets answer a distinct count: the period itself (month/quarter/year), or for
 * `all` the single month, quarter or year that [from, to] is exactly. Partial buckets are refused:
 * a distinct count cannot be cut to part of its bucket.
 */
export function distinctGrain(metric: string, q: Pick<ReportQuery, 'period' | 'from' | 'to'>): DistinctGrain {
  const grains: readonly DistinctGrain[] =
    q.period === 'all' ? DISTINCT_GRAINS : DISTINCT_GRAINS.filter((g) => g === q.period);
  if (grains.length === 0)
    throw new AppError('stats_period_unsupported', {
      params: { metric, period: q.period, periods: DISTINCT_GRAINS.join(', ') },
    });
  for (const g of grains) {
    const single = q.period !== 'all' || bucketOf(q.from, g) === bucketOf(q.to, g);
    if (single && isAligned(q.from, q.to, g)) return g;
  }
  throw new AppError('stats_range_misaligned', {
    params: { metric, period: q.period === 'all' ? DISTINCT_GRAINS.join(', ') : q.period },
  });
}
