import type { Period } from './outreach.vocabulary';

/** A calendar day `YYYY-MM-DD` in the reporting time zone. */
export type Day = string;

const formatters = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;

/** The calendar day of `at` in time zone `tz`, computed once when an event is written. */
export function dayBucket(at: Date, tz: string): Day {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function toUtc(day: Day): Date {
  return new Date(`${day}T00:00:00Z`);
}

function fromUtc(d: Date): Day {
  return d.toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: Day, n: number): Day {
  return fromUtc(new Date(toUtc(day).getTime() + n * DAY_MS));
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / DAY_MS);
}

/** ISO 8601 week of a day, `YYYY-Www` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: Day): string {
  const d = toUtc(day);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The bucket label of `day` for `period`: `2025-03-04`, `2025-W10`, `2025-03`, `2025-Q1`, `2025`. */
export function bucketOf(day: Day, period: Period): string {
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return isoWeek(day);
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return day.slice(0, 4);
  }
}

/** True when [from, to] is exactly whole buckets of `period` (first day of one … last day of one). */
export function isAligned(from: Day, to: Day, period: Period): boolean {
  return (
    bucketOf(addDays(from, -1), period) !== bucketOf(from, period) &&
    bucketOf(addDays(to, 1), period) !== bucketOf(to, period)
  );
}

/** The labels of every `period` bucket overlapping [from, to], in order. */
export function bucketsBetween(from: Day, to: Day, period: Period): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const b = bucketOf(d, period);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}
