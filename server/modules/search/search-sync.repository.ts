import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type SearchSyncDoc, searchSyncModel } from './search-sync.model';

export type SyncState = Readonly<Omit<SearchSyncDoc, '_id'>> & { readonly indexId: string };

/** Persistence of the sync watermarks and lease; plain objects only. */
export interface SearchSyncRepository {
  get(indexId: string): Promise<SyncState | null>;
  /** Raises a source's watermark (never lowers it, whoever writes concurrently). */
  advance(indexId: string, type: string, version: number): Promise<void>;
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
    async advance(indexId, type, version) {
      await M.updateOne({ _id: indexId }, { $max: { [`watermarks.${type}`]: version } }, { upsert: true });
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
