import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import type { Increment, MarkerCandidate } from './rollup.plan';
import { type EventState, type StatsEventDoc, statsModels } from './stats.model';

export type StatsModels = ReturnType<typeof statsModels>;

/** Event log, markers and rollups: the write side of the statistics. */
export interface StatsRepository {
  readonly models: StatsModels;
  /** Appends an event; false when its id is already there (a replay: nothing else to do). */
  insertEvent(doc: StatsEventDoc): Promise<boolean>;
  /** Inserts the markers; returns those owned by `eventId` (new ones, or left by its earlier try). */
  claimMarkers(eventId: string, markers: readonly MarkerCandidate[]): Promise<MarkerCandidate[]>;
  /** Applies an increment at most once per event: guarded by the document's `pending` list. */
  applyOnce(eventId: string, inc: Increment): Promise<void>;
  /** Drops `eventId` from the `pending` lists of the documents it touched. */
  release(eventId: string, incs: readonly Increment[]): Promise<void>;
  setState(eventId: string, state: EventState): Promise<void>;
  /** Appends events; returns the ids that were new (the others are replays). */
  insertEvents(docs: readonly StatsEventDoc[]): Promise<Set<string>>;
  /**
   * Applies several events' increments of ONE document in one update (their sum, all ids pushed
   * to `pending`); when some of them are already there (a resumed batch), each goes on its own
   * through the `applyOnce` guard.
   */
  applyGroup(group: readonly { eventId: string; inc: Increment }[]): Promise<void>;
  /** Drops several events from one document's `pending` list in one update. */
  releaseGroup(eventIds: readonly string[], inc: Pick<Increment, 'coll' | 'id'>): Promise<void>;
  setStates(eventIds: readonly string[], state: EventState): Promise<void>;
  /** Takes over events left unfinished past their lease (at most `limit`), extending the lease. */
  claimStale(now: Date, leaseUntil: Date, limit: number): Promise<StatsEventDoc[]>;
}

/** The statistics repository on one connection (native driver calls for `$inc` paths). */
export function createStatsRepository(connection: Connection): StatsRepository {
  const models = statsModels(connection);
  const { Events, Markers } = models;
  const byTarget = {
    rollups: models.Rollups,
    coarseRollups: models.CoarseRollups,
    cells: models.Cells,
    monthCells: models.MonthCells,
  };
  const target = (inc: Pick<Increment, 'coll'>) => byTarget[inc.coll].collection;
  const serial = keyedSerial();
  return {
    models,
    async insertEvent(doc) {
      try {
        await Events.collection.insertOne(doc as never);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async claimMarkers(eventId, markers) {
      if (markers.length === 0) return [];
      const dupIndexes = await insertIgnoringDuplicates(
        Markers.collection,
        markers.map((m) => ({ _id: m.id, eventId })),
      );
      if (dupIndexes.size === 0) return [...markers];
      const dupIds = markers.filter((_, i) => dupIndexes.has(i)).map((m) => m.id);
      const mine = await Markers.find({ _id: { $in: dupIds }, eventId }, { _id: 1 }).lean();
      const ownedDups = new Set(mine.map((d) => d._id));
      return markers.filter((m, i) => !dupIndexes.has(i) || ownedDups.has(m.id));
    },
    applyOnce(eventId, inc) {
      return serial(`${inc.coll}:${inc.id}`, async () => {
        // false: already applied for this event (a resumed event): nothing to do.
        await applyGuarded(target(inc), inc, [eventId], inc.inc);
      });
    },
    async insertEvents(docs) {
      const dups = await insertIgnoringDuplicates(Events.collection, docs);
      return new Set(docs.filter((_, i) => !dups.has(i)).map((d) => d._id));
    },
    applyGroup(group) {
      const first = group[0]?.inc;
      if (!first) return Promise.resolve();
      return serial(`${first.coll}:${first.id}`, async () => {
        const coll = target(first);
        const sum: Record<string, number> = {};
        for (const { inc } of group) for (const [k, n] of Object.entries(inc.inc)) sum[k] = (sum[k] ?? 0) + n;
        const ids = group.map((g) => g.eventId);
        if (await applyGuarded(coll, first, ids, sum)) return;
        for (const { eventId, inc } of group) await applyGuarded(coll, inc, [eventId], inc.inc);
      });
    },
    async releaseGroup(eventIds, inc) {
      await serial(`${inc.coll}:${inc.id}`, () =>
        target(inc).updateOne({ _id: inc.id } as never, { $pullAll: { pending: [...eventIds] } } as never),
      );
    },
    async setStates(eventIds, state) {
      for (let i = 0; i < eventIds.length; i += ID_CHUNK)
        await Events.collection.updateMany({ _id: { $in: eventIds.slice(i, i + ID_CHUNK) } } as never, {
          $set: { state },
        });
    },
    async release(eventId, incs) {
      // One update per document, each behind that document's queue: a $pull racing another
      // event's $inc on the same document would lose one of them on FerretDB.
      await Promise.all(
        incs.map((inc) =>
          serial(`${inc.coll}:${inc.id}`, () =>
            target(inc).updateOne({ _id: inc.id } as never, { $pull: { pending: eventId } } as never),
          ),
        ),
      );
    },
    async setState(eventId, state) {
      await Events.collection.updateOne({ _id: eventId } as never, { $set: { state } });
    },
    async claimStale(now, leaseUntil, limit) {
      const stale = await Events.find({ state: { $in: ['pending', 'applied'] }, leaseUntil: { $lt: now } })
        .limit(limit)
        .lean<StatsEventDoc[]>();
      const claimed: StatsEventDoc[] = [];
      for (const ev of stale) {
        const got = await Events.collection.findOneAndUpdate(
          { _id: ev._id, state: ev.state, leaseUntil: { $lt: now } } as never,
          { $set: { leaseUntil } },
          { returnDocument: 'after' },
        );
        if (got) claimed.push(got as unknown as StatsEventDoc);
      }
      return claimed;
    },
  };
}

/** `$in` lists FerretDB still answers from its `_id` index (docs/database.md, patches). */
const ID_CHUNK = 400;

type TargetCollection = ReturnType<typeof statsModels>['Rollups']['collection'];

/**
 * Adds `inc` to the document once for all of `eventIds`, pushing them to its `pending` list —
 * unless one of them is already there (applied before a crash). Returns false when nothing was
 * applied because of that; true when applied.
 */
async function applyGuarded(
  coll: TargetCollection,
  target: Pick<Increment, 'id' | 'insert'>,
  eventIds: readonly string[],
  inc: Readonly<Record<string, number>>,
): Promise<boolean> {
  const filter = {
    _id: target.id,
    pending: eventIds.length === 1 ? { $ne: eventIds[0] } : { $nin: eventIds },
  };
  const push = { pending: eventIds.length === 1 ? eventIds[0] : { $each: [...eventIds] } };
  const update = { $inc: inc, $push: push, $setOnInsert: target.insert };
  try {
    const r = await coll.updateOne(filter as never, update as never, { upsert: true });
    return r.matchedCount + r.upsertedCount > 0;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Either an event is already applied here (filter missed, upsert collided), or another event
    // created the document at the same moment: now it exists, so retry without upsert.
    const r = await coll.updateOne(filter as never, update as never);
    return r.matchedCount > 0;
  }
}

/** insertMany that tolerates duplicate keys; returns the indexes of the duplicates. */
export async function insertIgnoringDuplicates(
  coll: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> },
  docs: readonly object[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await coll.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (err) {
    const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || !list.every((e) => e.code === 11000)) throw err;
    return new Set(list.map((e: { index: number }) => e.index));
  }
}

/**
 * Runs each task after every earlier task with the same key has settled. FerretDB 1.24 applies
 * concurrent updates of one document as read-modify-write without a lock, so two events counted
 * at the same moment could lose an increment (docs/database.md); this process therefore never
 * sends two updates of one rollup document at once. MongoDB needs no such care, and several
 * processes on FerretDB are reconciled by `npm run stats:rebuild`.
 */
export function keyedSerial(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
