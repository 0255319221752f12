import { bucketOf, bucketsBetween } from './buckets';
import {
  COUNT_GRAINS,
  COUNT_METRICS,
  DERIVED_METRICS,
  type Dimension,
  isDistinctMetric,
  MONTH_CELL_DIMENSIONS,
  PAIRS,
  type Period,
  type StoredDimension,
  VISITOR_METRIC,
} from './outreach.vocabulary';
import type { Regions } from './regions';
import { type RawRow, RowFolder } from './report.fold';
import { coverRange, firstDayOf, lastDayOf, type TimeGrain, usableGrains } from './report.plan';
import { distinctGrain, type ReportQuery, touchedDimensions } from './report.query';
import { decodeKey, encodeKey, PAIRS_DOC, pairName } from './rollup.plan';
import type { CellDoc, RollupDoc } from './stats.model';
import type { StatsModels } from './stats.repository';

/** A report before suppression: rows and per-metric totals (null where a total is not defined). */
export interface RawReport {
  readonly rows: RawRow[];
  readonly totals: Record<string, number | null>;
}

/** A report read in chunks: each chunk holds whole rows; `totals` is filled once iteration ends. */
export interface ReportScan {
  readonly chunks: AsyncIterable<RawRow[]>;
  readonly totals: Record<string, number | null>;
  /** False when the rows come as one chunk built in memory (small reports): keep it, don't read twice. */
  readonly streamed: boolean;
}

export interface ReportService {
  /** Counts from the rollups only (never the event log), broken down as the query asks. */
  breakdown(q: ReportQuery): Promise<RawReport>;
  /**
   * The same rows, streamed one period at a time when they come from the cells (memory bounded
   * by the rows of one period, not of the report); other reads are small and come as one chunk.
   */
  scan(q: ReportQuery): ReportScan;
}

type Values = Partial<Record<Dimension, string | null>>;
interface CellRead {
  readonly m: string;
  readonly d: Values;
  readonly n: number;
  readonly day: string;
}

const CELL_GRAINS: readonly TimeGrain[] = ['day', 'month'];
const LOOKUPS_AT_ONCE = 8;

/** Reports over the cuboids; report.plan.ts picks the time grains, `mapFor` the dimension maps. */
export function createReportService(deps: { models: StatsModels; regions: Regions }): ReportService {
  const { Rollups, CoarseRollups, Cells, MonthCells } = deps.models;

  async function foldCounts(q: ReportQuery, metrics: string[], folder: RowFolder): Promise<void> {
    if (metrics.length === 0) return;
    const needed = storedDims(touchedDimensions(q));
    const source = mapFor(needed);
    if (source === null) {
      for await (const c of readCells(q, metrics, needed, false)) folder.add(c.m, c.d, c.n, { day: c.day });
      return;
    }
    const projection = { m: 1, b: 1, total: 1, ...(source.map ? { [`by.${source.map}`]: 1 } : {}) };
    // Visitors are kept in day documents only (distinct per day, summed); counts in every grain.
    const groups: [string[], readonly TimeGrain[]][] = [
      [metrics.filter((m) => m !== VISITOR_METRIC), COUNT_GRAINS],
      [metrics.filter((m) => m === VISITOR_METRIC), ['day']],
    ];
    for (const [ms, grains] of groups) {
      if (ms.length === 0) continue;
      for (const part of coverRange(q.from, q.to, usableGrains(q.period, grains))) {
        const buckets = bucketsBetween(
          firstDayOf(part.from, part.grain),
          lastDayOf(part.to, part.grain),
          part.grain,
        );
        for (const doc of await rollupsById(ms, part.grain, buckets, projection, source.pair))
          foldDoc(doc, firstDayOf(doc.b, part.grain), source, folder);
      }
    }
  }

  /**
   * Rollup documents by `_id` (metric|grain|bucket), one lookup each, a few at a time: FerretDB
   * 1.24 pushes only `_id` equality down to SQLite; any other filter (even `_id: { $in }`) decodes
   * every document of the collection, and rollup documents are large. On MongoDB each lookup is
   * an index hit.
   */
  async function rollupsById(
    metrics: readonly string[],
    grain: string,
    buckets: readonly string[],
    projection: Record<string, number>,
    pairs = false,
  ): Promise<RollupDoc[]> {
    const suffix = pairs ? `|${PAIRS_DOC}` : '';
    // Distinct counts keep every grain in `stats_rollups`; count metrics their months and years apart.
    const model = grain === 'day' || isDistinctMetric(metrics[0] as string) ? Rollups : CoarseRollups;
    const ids = metrics.flatMap((m) => buckets.map((b) => `${m}|${grain}|${b}${suffix}`));
    const out: RollupDoc[] = [];
    for (let i = 0; i < ids.length; i += LOOKUPS_AT_ONCE) {
      const found = await Promise.all(
        ids.slice(i, i + LOOKUPS_AT_ONCE).map((id) => model.findById(id, projection).lean<RollupDoc>()),
      );
      for (const doc of found) if (doc) out.push(doc);
    }
    return out;
  }

  /** The cells answering the query, from the month cube where whole months fit; sorted by day on request. */
  async function* readCells(
    q: ReportQuery,
    metrics: string[],
    needed: StoredDimension[],
    sorted: boolean,
  ): AsyncGenerator<CellRead> {
    const filter: Record<string, unknown> = { m: { $in: metrics } };
    for (const [dim, values] of Object.entries(q.filters) as [Dimension, string[]][]) {
      if (dim === 'region') filter['d.country'] = { $in: values.flatMap((r) => deps.regions.membersOf(r)) };
      else filter[`d.${dim}`] = { $in: values };
    }
    const projection = Object.fromEntries([
      ['m', 1],
      ['b', 1],
      ['n', 1],
      ...needed.map((d) => [`d.${d}`, 1]),
    ]);
    const monthCube = needed.every((d) => (MONTH_CELL_DIMENSIONS as readonly string[]).includes(d));
    for (const part of coverRange(q.from, q.to, usableGrains(q.period, monthCube ? CELL_GRAINS : ['day']))) {
      const model = part.grain === 'month' ? MonthCells : Cells;
      const query = model
        .find({ ...filter, b: { $gte: part.from, $lte: part.to } }, projection)
        .lean<CellDoc[]>();
      if (sorted) query.sort({ b: 1 }).allowDiskUse(true);
      // Small batches when streaming: a batch lives across many awaits, and what survives young
      // collections is promoted to the old generation, which V8 lets grow before collecting it.
      for await (const cell of query.cursor({ batchSize: sorted ? 200 : 5000 })) {
        const c = cell as CellDoc;
        yield { m: c.m, d: c.d, n: c.n, day: firstDayOf(c.b, part.grain) };
      }
    }
  }

  async function foldDistinct(
    q: ReportQuery,
    metrics: string[],
    folder: RowFolder,
    totals: RawReport['totals'],
  ) {
    if (metrics.length === 0) return;
    const grain = distinctGrain(metrics[0] as string, q);
    const buckets = bucketsBetween(q.from, q.to, grain);
    const scope = touchedDimensions(q)[0];
    const wanted = scope ? q.filters[scope]?.[0] : undefined;
    const docs = await rollupsById(metrics, grain, buckets, {
      m: 1,
      b: 1,
      total: 1,
      ...(scope ? { [`by.${scope}`]: 1 } : {}),
    });
    for (const m of metrics) totals[m] = buckets.length === 1 ? 0 : null;
    for (const doc of docs) {
      const entries = scope ? Object.entries(doc.by?.[scope] ?? {}) : [['', doc.total ?? 0] as const];
      for (const [key, n] of entries)
        folder.add(doc.m, scope ? { [scope]: decodeKey(key) } : {}, n, { bucket: doc.b });
      const scopeTotal = !scope
        ? doc.total
        : wanted === undefined
          ? doc.total
          : (doc.by?.[scope]?.[encodeKey(wanted)] ?? 0);
      if (buckets.length === 1) totals[doc.m] = scopeTotal ?? 0;
    }
  }

  async function breakdown(q: ReportQuery): Promise<RawReport> {
    const { counts, distinct } = metricsOf(q);
    const folder = new RowFolder(q, deps.regions);
    const totals: RawReport['totals'] = {};
    await foldCounts(q, counts, folder);
    for (const m of counts) totals[m] = folder.totals[m] ?? 0;
    await foldDistinct(q, distinct, folder, totals);
    return { rows: folder.result(), totals };
  }

  return {
    breakdown,
    scan(q) {
      const totals: RawReport['totals'] = {};
      const { counts, distinct } = metricsOf(q);
      const needed = storedDims(touchedDimensions(q));
      const streamable = distinct.length === 0 && q.period !== 'all' && mapFor(needed) === null;
      async function* chunks(): AsyncGenerator<RawRow[]> {
        if (!streamable) {
          const report = await breakdown(q);
          Object.assign(totals, report.totals);
          yield report.rows;
          return;
        }
        const folder = new RowFolder(q, deps.regions);
        let current: string | null = null;
        for await (const c of readCells(q, counts, needed, true)) {
          const period = bucketOf(c.day, q.period as Period);
          if (current !== null && period !== current) yield folder.drain();
          current = period;
          folder.add(c.m, c.d, c.n, { day: c.day });
        }
        yield folder.drain();
        for (const m of counts) totals[m] = folder.totals[m] ?? 0;
      }
      return { chunks: chunks(), totals, streamed: streamable };
    },
  };
}

/** The stored metrics a query reads: counts (completion rate needs its two parts) and distinct ones. */
function metricsOf(q: ReportQuery): { counts: string[]; distinct: string[] } {
  const requested = new Set<string>(q.metrics);
  if (requested.has('completionRate')) for (const m of DERIVED_METRICS.completionRate) requested.add(m);
  return {
    counts: [...requested].filter((m) => Object.hasOwn(COUNT_METRICS, m) || m === VISITOR_METRIC),
    distinct: [...requested].filter(isDistinctMetric),
  };
}

function foldDoc(
  doc: RollupDoc,
  day: string,
  source: { map: string | null; dims: StoredDimension[] },
  folder: RowFolder,
) {
  if (!source.map) folder.add(doc.m, {}, doc.total ?? 0, { day });
  else
    for (const [key, n] of Object.entries(doc.by?.[source.map] ?? {}))
      folder.add(doc.m, decodeValues(source.dims, key), n, { day });
}

function storedDims(dims: readonly Dimension[]): StoredDimension[] {
  return [...new Set(dims.map((d) => (d === 'region' ? 'country' : d)))] as StoredDimension[];
}

/** The day-document map answering these dimensions, or null when only the cells can. */
function mapFor(
  dims: StoredDimension[],
): { map: string | null; dims: StoredDimension[]; pair: boolean } | null {
  if (dims.length === 0) return { map: null, dims, pair: false };
  if (dims.length === 1) return { map: dims[0] as string, dims, pair: false };
  if (dims.length > 2) return null;
  const pair = PAIRS.find(([a, b]) => dims.includes(a) && dims.includes(b));
  return pair ? { map: pairName(pair[0], pair[1]), dims: [...pair], pair: true } : null;
}

function decodeValues(dims: readonly StoredDimension[], key: string): Values {
  const parts = key.split('!');
  return Object.fromEntries(dims.map((d, i) => [d, decodeKey(parts[i] as string)]));
}
