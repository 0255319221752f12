import { createHash } from 'node:crypto';
import type { Regions } from './regions';
import {
  countIncrements,
  distinctIncrements,
  type Increment,
  type MarkerCandidate,
  markerCandidates,
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
  readonly cells: number;
  readonly markers: number;
}

const BATCH = 5000;

/**
 * Recomputes rollups, cells and first-seen markers from the event log. Run it with writers
 * stopped (see docs/outreach.md): it wipes the derived collections, replays the log in one pass
 * (markers written per batch), keeps the counters in memory and writes them with plain inserts.
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
  const { Events, Rollups, Cells, Markers } = repo.models;
  await Events.collection.updateMany({ state: { $ne: 'done' } }, { $set: { state: 'done' } });
  for (const model of [Rollups, Cells, Markers] as const) await emptyCollection(model.collection);
  const report = { events: 0, rollups: 0, cells: 0, markers: 0 };
  const acc: Acc = new Map();
  const seen = new Set<string>();
  let batch: StatsEventDoc[] = [];
  const flushBatch = async () => {
    report.markers += await replay(repo, regions, batch, acc, options.markers === false ? null : seen);
    report.events += batch.length;
    batch = [];
    onBatch(report.events);
  };
  for await (const ev of Events.find({}).lean<StatsEventDoc[]>().cursor({ batchSize: BATCH })) {
    batch.push(ev as StatsEventDoc);
    if (batch.length >= BATCH) await flushBatch();
  }
  await flushBatch();
  const written = await insertAll(repo, acc);
  return { ...report, ...written };
}

/** Deletes every document in chunks: FerretDB's deleteMany({}) fails past SQLite's variable limit. */
async function emptyCollection(coll: StatsRepository['models']['Rollups']['collection']): Promise<void> {
  for (;;) {
    const ids = (
      await coll
        .find({}, { projection: { _id: 1 } })
        .limit(5000)
        .toArray()
    ).map((d) => d._id);
    if (ids.length === 0) return;
    await coll.deleteMany({ _id: { $in: ids } });
  }
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

async function insertAll(repo: StatsRepository, acc: Acc): Promise<{ rollups: number; cells: number }> {
  const docs = { rollups: [] as object[], cells: [] as object[] };
  for (const e of acc.values()) docs[e.coll].push({ _id: e.id, ...e.insert, ...expand(e.inc), pending: [] });
  for (let i = 0; i < docs.rollups.length; i += BATCH)
    await repo.models.Rollups.collection.insertMany(docs.rollups.slice(i, i + BATCH) as never[]);
  for (let i = 0; i < docs.cells.length; i += BATCH)
    await repo.models.Cells.collection.insertMany(docs.cells.slice(i, i + BATCH) as never[]);
  return { rollups: docs.rollups.length, cells: docs.cells.length };
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
