import { label, type PresentedReport, type PresentedRow, type PresentOptions } from './outreach.presenter';
import type { RawRow } from './report.fold';
import type { ReportQuery } from './report.query';
import type { ReportService } from './report.service';
import {
  type Shown,
  shownRatio,
  shownTotal,
  suppressionMarker,
  WITHHELD,
  withheldCount,
} from './suppression';

/**
 * A presented report whose rows are streamed (an export): read twice, never held whole. `rows` and
 * `batches` are two views of the same second pass: read one of them, once.
 */
export interface StreamedReport extends Omit<PresentedReport, 'rows'> {
  readonly rowCount: number;
  readonly rows: AsyncIterable<PresentedRow>;
  /** The rows a period (a scan chunk) at a time, presented synchronously: writers serialize a batch in one go. */
  readonly batches: AsyncIterable<readonly PresentedRow[]>;
}

/**
 * How many of a column's smallest visible cells a streamed export remembers. Complementary
 * suppression withholds the smallest visible cells one by one, rarely more than two or three.
 */
const KEEP_SMALLEST = 1024;

/** What complementary suppression needs of one column: primary cells' count and sum, the smallest visible cells. */
class ColumnSketch {
  readonly primary = { count: 0, sum: 0 };
  private readonly smallest: { v: number; key: string }[] = [];

  constructor(private readonly k: number) {}

  /** Cells arrive in row order, so among equal values the earlier one stays first (as in suppressColumn). */
  add(v: number, key: string): void {
    if (v > 0 && v < this.k) {
      this.primary.count++;
      this.primary.sum += v;
      return;
    }
    if (v < this.k) return;
    const list = this.smallest;
    if (list.length >= KEEP_SMALLEST && v >= (list[list.length - 1] as { v: number }).v) return;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as { v: number }).v <= v) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { v, key });
    if (list.length > KEEP_SMALLEST) list.pop();
  }

  /** The keys of the rows whose cell is withheld (`x`) in this column. */
  withheld(total: number | null): Set<string> {
    if (total === null) return new Set();
    const n = withheldCount(
      this.primary,
      this.smallest.map((c) => c.v),
      this.k,
    );
    return new Set(this.smallest.slice(0, n).map((c) => c.key));
  }
}

const rowKey = (row: RawRow) => JSON.stringify([row.period, row.keys]);

/** The columns suppression decides: each requested count, and a completion rate's two parts. */
function sideMetrics(q: ReportQuery): string[] {
  const sides = new Set<string>(q.metrics.filter((m) => m !== 'completionRate'));
  if (q.metrics.includes('completionRate')) for (const m of ['completions', 'enrolments']) sides.add(m);
  return [...sides];
}

/**
 * The export path: a first pass over the cuboids keeps per column only what suppression needs
 * (ColumnSketch) and counts rows; the decisions are made; a second pass streams the rows,
 * presented exactly as `presentReport` would. Memory is one period's rows plus the sketches.
 * Events written between the passes may show up in rows but not in totals.
 */
export async function streamReport(
  reports: ReportService,
  q: ReportQuery,
  o: PresentOptions,
): Promise<StreamedReport> {
  const sketches = new Map(sideMetrics(q).map((m) => [m, new ColumnSketch(o.k)]));
  const first = reports.scan(q);
  const kept: RawRow[][] = [];
  let rowCount = 0;
  for await (const chunk of first.chunks) {
    if (!first.streamed) kept.push(chunk);
    for (const row of chunk) {
      const key = rowKey(row);
      for (const [m, sketch] of sketches) sketch.add(row.values[m] ?? 0, key);
      rowCount++;
    }
  }
  const withheld = new Map([...sketches].map(([m, s]) => [m, s.withheld(first.totals[m] ?? null)]));
  const shown = (m: string, row: RawRow, key: string): Shown => {
    const v = row.values[m] ?? 0;
    if (v > 0 && v < o.k) return suppressionMarker(o.k);
    return withheld.get(m)?.has(key) ? WITHHELD : v;
  };
  const totals: Record<string, Shown> = {};
  for (const m of q.metrics) if (m !== 'completionRate') totals[m] = shownTotal(first.totals[m] ?? null, o.k);
  if (q.metrics.includes('completionRate'))
    totals.completionRate = shownRatio(
      shownTotal(first.totals.completions ?? null, o.k),
      shownTotal(first.totals.enrolments ?? null, o.k),
    );
  const present = (row: RawRow): PresentedRow => {
    const key = rowKey(row);
    const values: Record<string, Shown> = {};
    for (const m of q.metrics)
      values[m] =
        m === 'completionRate'
          ? shownRatio(shown('completions', row, key), shown('enrolments', row, key))
          : shown(m, row, key);
    return {
      period: row.period,
      dims: Object.fromEntries(q.by.map((d) => [d, label(d, row.keys[d] ?? null, o)])),
      values,
    };
  };
  let read = false;
  async function* batches(): AsyncGenerator<readonly PresentedRow[]> {
    if (read) throw new Error('a streamed report is read once');
    read = true;
    for await (const chunk of first.streamed ? reports.scan(q).chunks : kept) yield chunk.map(present);
  }
  async function* rows(): AsyncGenerator<PresentedRow> {
    for await (const batch of batches()) yield* batch;
  }
  return {
    query: q,
    timezone: o.timezone,
    suppression: { k: o.k, marker: suppressionMarker(o.k) },
    totals,
    rowCount,
    rows: { [Symbol.asyncIterator]: () => rows() },
    batches: { [Symbol.asyncIterator]: () => batches() },
  };
}
