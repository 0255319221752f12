import { bucketsBetween } from './buckets';
import {
  COUNT_METRICS,
  DERIVED_METRICS,
  type Dimension,
  isDistinctMetric,
  PAIRS,
  type StoredDimension,
  VISITOR_METRIC,
} from './outreach.vocabulary';
import type { Regions } from './regions';
import { type RawRow, RowFolder } from './report.fold';
import { distinctGrain, type ReportQuery, touchedDimensions } from './report.query';
import { decodeKey, encodeKey, pairName } from './rollup.plan';
import type { CellDoc, RollupDoc } from './stats.model';
import type { StatsModels } from './stats.repository';

/** A report before suppression: rows and per-metric totals (null where a total is not defined). */
export interface RawReport {
  readonly rows: RawRow[];
  readonly totals: Record<string, number | null>;
}

export interface ReportService {
  /** Counts from the rollups only (never the event log), broken down as the query asks. */
  breakdown(q: ReportQuery): Promise<RawReport>;
}

type Values = Partial<Record<Dimension, string | null>>;

/** Reports over the rollups, day documents and cells; see docs/outreach.md for the read paths. */
export function createReportService(deps: { models: StatsModels; regions: Regions }): ReportService {
  const { Rollups, Cells } = deps.models;

  async function foldCounts(q: ReportQuery, metrics: string[], folder: RowFolder): Promise<void> {
    if (metrics.length === 0) return;
    const needed = storedDims(touchedDimensions(q));
    const source = mapFor(needed);
    if (source === null) return foldCells(q, metrics, needed, folder);
    const docs = await Rollups.find(
      { m: { $in: metrics }, g: 'day', b: { $gte: q.from, $lte: q.to } },
      { m: 1, b: 1, total: 1, ...(source.map ? { [`by.${source.map}`]: 1 } : {}) },
    ).lean<RollupDoc[]>();
    for (const doc of docs) {
      if (!source.map) folder.add(doc.m, {}, doc.total ?? 0, { day: doc.b });
      else
        for (const [key, n] of Object.entries(doc.by?.[source.map] ?? {}))
          folder.add(doc.m, decodeValues(source.dims, key), n, { day: doc.b });
    }
  }

  async function foldCells(q: ReportQuery, metrics: string[], needed: StoredDimension[], folder: RowFolder) {
    const filter: Record<string, unknown> = { m: { $in: metrics }, b: { $gte: q.from, $lte: q.to } };
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
    for await (const cell of Cells.find(filter, projection).lean<CellDoc[]>().cursor({ batchSize: 5000 })) {
      const c = cell as CellDoc;
      folder.add(c.m, c.d, c.n, { day: c.b });
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
    const docs = await Rollups.find(
      { m: { $in: metrics }, g: grain, b: { $in: buckets } },
      { m: 1, b: 1, total: 1, ...(scope ? { [`by.${scope}`]: 1 } : {}) },
    ).lean<RollupDoc[]>();
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

  return {
    async breakdown(q) {
      const requested = new Set<string>(q.metrics);
      if (requested.has('completionRate')) for (const m of DERIVED_METRICS.completionRate) requested.add(m);
      const counts = [...requested].filter((m) => Object.hasOwn(COUNT_METRICS, m) || m === VISITOR_METRIC);
      const distinct = [...requested].filter(isDistinctMetric);
      const folder = new RowFolder(q, deps.regions);
      const totals: RawReport['totals'] = {};
      await foldCounts(q, counts, folder);
      for (const m of counts) totals[m] = folder.totals[m] ?? 0;
      await foldDistinct(q, distinct, folder, totals);
      return { rows: folder.result(), totals };
    },
  };
}

function storedDims(dims: readonly Dimension[]): StoredDimension[] {
  return [...new Set(dims.map((d) => (d === 'region' ? 'country' : d)))] as StoredDimension[];
}

/** The day-document map answering these dimensions, or null when only the cells can. */
function mapFor(dims: StoredDimension[]): { map: string | null; dims: StoredDimension[] } | null {
  if (dims.length === 0) return { map: null, dims };
  if (dims.length === 1) return { map: dims[0] as string, dims };
  if (dims.length > 2) return null;
  const pair = PAIRS.find(([a, b]) => dims.includes(a) && dims.includes(b));
  return pair ? { map: pairName(pair[0], pair[1]), dims: [...pair] } : null;
}

function decodeValues(dims: readonly StoredDimension[], key: string): Values {
  const parts = key.split('!');
  return Object.fromEntries(dims.map((d, i) => [d, decodeKey(parts[i] as string)]));
}
