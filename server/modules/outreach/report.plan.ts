import { addDays, bucketOf, type Day } from './buckets';
import type { Period } from './outreach.vocabulary';

/** Time grains of the cuboids: rollup documents exist per day, month and year; cells per day and month. */
export type TimeGrain = 'day' | 'month' | 'year';

/** A run of consecutive buckets of one grain (labels `from` … `to`, inclusive), read as one query. */
export interface CoverPart {
  readonly grain: TimeGrain;
  readonly from: string;
  readonly to: string;
}

/**
 * The grains that can answer rows of `period`: a month bucket folds into a month, quarter or
 * year row but cannot be split into days or ISO weeks; a year bucket only into a year or `all`.
 */
export function usableGrains(period: Period | 'all', available: readonly TimeGrain[]): TimeGrain[] {
  const fine = period === 'day' || period === 'week';
  return available.filter(
    (g) =>
      g === 'day' || (g === 'month' && !fine) || (g === 'year' && (period === 'year' || period === 'all')),
  );
}

/**
 * Splits [from, to] into chronological parts, each day taken from the coarsest usable grain whose
 * whole bucket lies inside the range: 2024-01-15 … 2026-03-31 by month → days 15–31 Jan 2024, the
 * months Feb 2024 … Mar 2026. Consecutive buckets of one grain merge into one part.
 */
export function coverRange(from: Day, to: Day, grains: readonly TimeGrain[]): CoverPart[] {
  const parts: CoverPart[] = [];
  for (let d = from; d <= to; ) {
    const grain =
      (['year', 'month'] as const).find((g) => grains.includes(g) && whollyInside(d, to, g)) ?? 'day';
    const b = bucketOf(d, grain);
    const last = parts[parts.length - 1];
    if (last?.grain === grain) parts[parts.length - 1] = { grain, from: last.from, to: b };
    else parts.push({ grain, from: b, to: b });
    d = addDays(grain === 'day' ? d : lastDay(d, grain), 1);
  }
  return parts;
}

/** The day a bucket label stands for when rows are folded: its first day. */
export function firstDayOf(bucket: string, grain: TimeGrain): Day {
  return grain === 'day' ? bucket : grain === 'month' ? `${bucket}-01` : `${bucket}-01-01`;
}

/** The last day of a bucket label. */
export function lastDayOf(bucket: string, grain: TimeGrain): Day {
  return grain === 'day' ? bucket : lastDay(firstDayOf(bucket, grain), grain);
}

function whollyInside(day: Day, to: Day, grain: 'month' | 'year'): boolean {
  return firstDayOf(bucketOf(day, grain), grain) === day && lastDay(day, grain) <= to;
}

function lastDay(day: Day, grain: 'month' | 'year'): Day {
  const year = Number(day.slice(0, 4));
  if (grain === 'year') return `${year}-12-31`;
  return new Date(Date.UTC(year, Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);
}
