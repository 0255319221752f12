import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type SearchSyncDoc, searchSyncModel } from './search-sync.model';

export type SyncState = Readonly<Omit<SearchSyncDoc, '_id'>> & { readonly indexId: string };

/** Persistence of the sync watermarks and lease; plain objects only. */
export interface SearchSyncRepository {
  get(indexId: string): Promise<SyncState | null>;
  /**
   * Raises a source's watermark (never lowers it, whoever writes concurrently); a no-op when the
   * index has moved to another generation since the caller read it.
   */
  advance(indexId: string, type: string, version: number, generation?: number): Promise<void>;
  /** After a rebuild swapped in a new index: lowers watermarks to what it holds, next generation. */
  rewind(indexId: string, watermarks: Readonly<Record<string, number>>): Promise<void>;
  recordSuccess(indexId: string, at: Date): Promise<void>;
  recordFailure(indexId: string): Promise<void>;
  /** Takes or renews the lease; false while another owner holds an unexpired one. */
  acquireLease(indexId: string, owner: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Forgets an index's progress (reindex from scratch, or an embedded index that is gone). */
  reset(indexId: string): Promise<void>;
  /** Removes leftovers of embedded indexes of processes gone for longer than `olderThan`. */
  sweepEmbedded(olderThan: Date): Promise<number>;
}

/** The search_sync collection. */
export function createSearchSyncRepository(connection: Connection): SearchSyncRepository {
  const M = searchSyncModel(connection);
  return {
    async get(indexId) {
      const doc = await M.findById(indexId).lean<SearchSyncDoc>();
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { ...rest, indexId: _id };
    },
    async advance(indexId, type, version, generation = 0) {
      // A missing generation is generation 0 (documents written before generations existed).
      const sameGeneration = generation === 0 ? { $in: [0, null] } : generation;
      try {
        await M.updateOne(
          { _id: indexId, generation: sameGeneration },
          { $max: { [`watermarks.${type}`]: version } },
          { upsert: true },
        );
      } catch (err) {
        // The document exists in another generation: this raise belongs to a replaced index.
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async rewind(indexId, watermarks) {
      const lowered = Object.fromEntries(Object.entries(watermarks).map(([t, v]) => [`watermarks.${t}`, v]));
      await M.updateOne(
        { _id: indexId },
        { ...(Object.keys(lowered).length > 0 ? { $min: lowered } : {}), $inc: { generation: 1 } },
        { upsert: true },
      );
    },
    async recordSuccess(indexId, at) {
      await M.updateOne({ _id: indexId }, { $set: { lastSuccessAt: at, failures: 0 } }, { upsert: true });
    },
    async recordFailure(indexId) {
      await M.updateOne({ _id: indexId }, { $inc: { failures: 1 } }, { upsert: true });
    },
    async acquireLease(indexId, owner, now, ttlMs) {
      try {
        const doc = await M.findOneAndUpdate(
          { _id: indexId, $or: [{ leaseOwner: owner }, { leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        return doc?.leaseOwner === owner;
      } catch (err) {
        // The filter did not match an existing document, so the upsert collided: someone holds it.
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async reset(indexId) {
      await M.deleteOne({ _id: indexId });
    },
    async sweepEmbedded(olderThan) {
      const res = await M.deleteMany({ _id: { $regex: /^embedded-/ }, updatedAt: { $lt: olderThan } });
      return res.deletedCount;
    },
  };
}
