import { createHash } from 'node:crypto';
import type { Regions } from './regions';
import {
  countIncrements,
  distinctIncrements,
  type Increment,
  type MarkerCandidate,
  markerCandidates,
  type Target,
} from './rollup.plan';
import type { StatsEventDoc } from './stats.model';
import { insertIgnoringDuplicates, type StatsRepository } from './stats.repository';

type Acc = Map<
  string,
  { coll: Increment['coll']; id: string; insert: Record<string, unknown>; inc: Record<string, number> }
>;

export interface RebuildReport {
  readonly events: number;
  readonly rollups: number;
  readonly coarseRollups: number;
  readonly cells: number;
  readonly monthCells: number;
  readonly markers: number;
}

const BATCH = 5000;

/**
 * Recomputes every cuboid (day, month and year rollup documents, day and month cells) and the
 * first-seen markers from the event log. Run it with writers stopped (see docs/outreach.md): it
 * drops the derived collections, replays the log in one pass (markers written per batch), keeps
 * the counters in memory and writes them with unordered batch inserts.
 * Memory grows with the number of distinct cells, not with the number of events.
 * `markers: false` rebuilds the count figures only (distinct counts stay empty): the benchmark's
 * shortcut, since markers are ~12 writes per event on FerretDB.
 */
export async function rebuildRollups(
  repo: StatsRepository,
  regions: Regions,
  onBatch: (events: number) => void = () => {},
  options: { markers?: boolean } = {},
): Promise<RebuildReport> {
  const { Events } = repo.models;
  await resetRollups(repo);
  const builder = rollupBuilder(repo, regions, options);
  // Unfinished events are replayed like the others, then marked done one by one: an updateMany
  // on `state` would scan the whole log once more on FerretDB (no index use for such filters).
  const unfinished: string[] = [];
  let batch: StatsEventDoc[] = [];
  for await (const doc of Events.find({}).lean<StatsEventDoc[]>().cursor({ batchSize: BATCH })) {
    const ev = doc as StatsEventDoc;
    if (ev.state !== 'done') unfinished.push(ev._id);
    batch.push(ev);
    if (batch.length < BATCH) continue;
    onBatch(await builder.add(batch));
    batch = [];
  }
  onBatch(await builder.add(batch));
  for (const id of unfinished)
    await Events.collection.updateOne({ _id: id } as never, { $set: { state: 'done' } });
  return builder.finish();
}

/** Empties every derived collection (rollups, both cell cuboids, markers) before a rebuild. */
export async function resetRollups(repo: StatsRepository): Promise<void> {
  const { Rollups, CoarseRollups, Cells, MonthCells, Markers } = repo.models;
  for (const model of [Rollups, CoarseRollups, Cells, MonthCells, Markers] as const) await recreate(model);
}

/**
 * Folds events into every cuboid in memory (markers, when kept, are inserted per batch) and
 * writes the counters with batch inserts at the end: the rebuild, and the generator, which feeds
 * it the events it has just inserted instead of reading the log again.
 */
export function rollupBuilder(repo: StatsRepository, regions: Regions, options: { markers?: boolean } = {}) {
  const acc: Acc = new Map();
  const seen = options.markers === false ? null : new Set<string>();
  let events = 0;
  let markers = 0;
  return {
    /** Adds a batch of events; returns how many were added so far. */
    async add(batch: readonly StatsEventDoc[]): Promise<number> {
      markers += await replay(repo, regions, batch, acc, seen);
      events += batch.length;
      return events;
    },
    async finish(): Promise<RebuildReport> {
      return { events, markers, ...(await insertAll(repo, acc)) };
    },
  };
}

/**
 * Empties a derived collection by dropping it (deleting a million documents one chunk at a time
 * took longer than rebuilding them on FerretDB), then puts its indexes back.
 */
async function recreate(model: {
  readonly collection: { drop(): Promise<unknown> };
  createIndexes(): Promise<unknown>;
}): Promise<void> {
  try {
    await model.collection.drop();
  } catch (err) {
    if ((err as { code?: number }).code !== 26) throw err; // NamespaceNotFound: nothing to drop
  }
  await model.createIndexes();
}

async function replay(
  repo: StatsRepository,
  regions: Regions,
  events: readonly StatsEventDoc[],
  acc: Acc,
  seen: Set<string> | null,
): Promise<number> {
  const candidates = new Map<string, { owner: string; marker: MarkerCandidate }>();
  for (const ev of events) {
    for (const inc of countIncrements(ev)) merge(acc, inc);
    if (seen === null) continue;
    for (const m of markerCandidates(ev, regions)) {
      // Markers already written by an earlier batch are skipped in memory (a 72-bit digest per
      // marker): sending them to be refused as duplicates is what made rebuilds slow on FerretDB.
      const digest = createHash('sha1').update(m.id).digest('base64').slice(0, 12);
      if (seen.has(digest)) continue;
      seen.add(digest);
      candidates.set(m.id, { owner: ev._id, marker: m });
    }
  }
  if (seen === null) return 0;
  const list = [...candidates.values()];
  const dups = await insertIgnoringDuplicates(
    repo.models.Markers.collection,
    list.map((c) => ({ _id: c.marker.id, eventId: c.owner })),
  );
  const owned = list.filter((_, i) => !dups.has(i)).map((c) => c.marker);
  for (const inc of distinctIncrements(owned)) merge(acc, inc);
  return owned.length;
}

function merge(acc: Acc, inc: Increment): void {
  const key = `${inc.coll}|${inc.id}`;
  const entry = acc.get(key) ?? { coll: inc.coll, id: inc.id, insert: { ...inc.insert }, inc: {} };
  for (const [field, n] of Object.entries(inc.inc)) entry.inc[field] = (entry.inc[field] ?? 0) + n;
  acc.set(key, entry);
}

async function insertAll(repo: StatsRepository, acc: Acc): Promise<Record<Target, number>> {
  const { Rollups, CoarseRollups, Cells, MonthCells } = repo.models;
  const targets = {
    rollups: Rollups.collection,
    coarseRollups: CoarseRollups.collection,
    cells: Cells.collection,
    monthCells: MonthCells.collection,
  };
  const counts: Record<Target, number> = { rollups: 0, coarseRollups: 0, cells: 0, monthCells: 0 };
  const pending: Record<Target, object[]> = { rollups: [], coarseRollups: [], cells: [], monthCells: [] };
  const flush = async (t: Target) => {
    if (pending[t].length > 0) await targets[t].insertMany(pending[t] as never[], { ordered: false });
    pending[t] = [];
  };
  for (const e of acc.values()) {
    pending[e.coll].push({ _id: e.id, ...e.insert, ...expand(e.inc), pending: [] });
    counts[e.coll]++;
    if (pending[e.coll].length >= BATCH) await flush(e.coll);
  }
  for (const t of Object.keys(targets) as Target[]) await flush(t);
  return counts;
}

/** `{ 'by.country.RU': 2, total: 3 }` → `{ by: { country: { RU: 2 } }, total: 3 }`. */
export function expand(flat: Readonly<Record<string, number>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      node[p] ??= {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return out;
}
