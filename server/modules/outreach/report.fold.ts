import { bucketOf } from './buckets';
import type { Dimension, Period } from './outreach.vocabulary';
import type { Regions } from './regions';
import type { ReportQuery } from './report.query';

/** One row of a report before suppression: its period bucket, dimension values and counts. */
export interface RawRow {
  readonly period: string | null;
  readonly keys: Readonly<Partial<Record<Dimension, string | null>>>;
  readonly values: Record<string, number>;
}

/** Accumulates counts into rows keyed by period × requested dimensions, plus per-metric totals. */
export class RowFolder {
  private readonly rows = new Map<string, RawRow>();
  readonly totals: Record<string, number> = {};

  constructor(
    private readonly q: Pick<ReportQuery, 'by' | 'filters'> & { period: Period | 'all' },
    private readonly regions: Regions,
  ) {}

  /**
   * Adds `n` of `metric` for a group of events with the stored values `values` on `day` (or on a
   * distinct-count bucket already labelled `bucket`). Filters apply here; region expands to every
   * grouping of the country, so region rows may overlap while the total counts each event once.
   */
  add(
    metric: string,
    values: Partial<Record<Dimension, string | null>>,
    n: number,
    at: { day?: string; bucket?: string },
  ): void {
    if (n === 0 || !this.matches(values)) return;
    this.totals[metric] = (this.totals[metric] ?? 0) + n;
    const period = this.q.period === 'all' ? null : (at.bucket ?? bucketOf(at.day as string, this.q.period));
    for (const keys of this.keyCombinations(values)) {
      const id = JSON.stringify([period, keys]);
      const row = this.rows.get(id) ?? { period, keys, values: {} };
      row.values[metric] = (row.values[metric] ?? 0) + n;
      this.rows.set(id, row);
    }
  }

  /** The rows, ordered by period then dimension values (not stated last). */
  result(): RawRow[] {
    const sortKey = (r: RawRow) =>
      [r.period ?? '', ...this.q.by.map((d) => r.keys[d] ?? '\uffff')].join('\u0000');
    return [...this.rows.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  }

  /** The rows so far (ordered as `result`), then forgets them; totals keep counting. */
  drain(): RawRow[] {
    const rows = this.result();
    this.rows.clear();
    return rows;
  }

  private matches(values: Partial<Record<Dimension, string | null>>): boolean {
    for (const [dim, wanted] of Object.entries(this.q.filters) as [Dimension, readonly string[]][]) {
      if (dim === 'region') {
        if (values.region !== undefined) {
          if (!wanted.includes(values.region ?? '')) return false;
        } else if (!this.regions.groupingsOf(values.country ?? null).some((g) => wanted.includes(g)))
          return false;
      } else if (!wanted.includes(values[dim] ?? '')) return false;
    }
    return true;
  }

  private keyCombinations(
    values: Partial<Record<Dimension, string | null>>,
  ): Partial<Record<Dimension, string | null>>[] {
    let combos: Partial<Record<Dimension, string | null>>[] = [{}];
    for (const dim of this.q.by) {
      const options =
        dim === 'region' && values.region === undefined
          ? regionOptions(this.regions, values.country ?? null)
          : [values[dim] ?? null];
      combos = combos.flatMap((c) => options.map((o) => ({ ...c, [dim]: o })));
    }
    return combos;
  }
}

function regionOptions(regions: Regions, country: string | null): (string | null)[] {
  const groups = regions.groupingsOf(country);
  return groups.length > 0 ? [...groups] : [null];
}
