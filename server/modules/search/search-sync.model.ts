import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Sync progress of one index (one per Meilisearch index; one per process for the embedded engine). */
export interface SearchSyncDoc {
  /** The engine's indexId. */
  _id: string;
  /** Source type → highest searchVersion the index holds (every change at or below is pushed). */
  watermarks: Record<string, number>;
  /**
   * Raised when a rebuild swaps in a new index and lowers the watermarks: a syncer that read an
   * older generation forgets what it pushed, and its pending watermark raises are ignored.
   */
  generation: number;
  lastSuccessAt: Date | null;
  /** Consecutive failed attempts (reset on success); drives the backoff. */
  failures: number;
  /** Only the lease holder syncs, so two processes never push an older version over a newer one. */
  leaseOwner: string | null;
  leaseUntil: Date | null;
  updatedAt: Date;
}

const SearchSyncSchema = new Schema<SearchSyncDoc>(
  {
    _id: { type: String, required: true },
    watermarks: { type: Object, default: {} },
    generation: { type: Number, default: 0 },
    lastSuccessAt: { type: Date, default: null },
    failures: { type: Number, default: 0 },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
  },
  {
    collection: 'search_sync',
    timestamps: { createdAt: false, updatedAt: true },
    versionKey: false,
    minimize: false,
  },
);

// Indexes: _id only (one small document per index). Shard-key candidate: none (a handful of documents).

/** Registers (once per connection) and returns the SearchSync model. */
export function searchSyncModel(connection: Connection): Model<SearchSyncDoc> {
  return modelFor(connection, 'SearchSync', SearchSyncSchema);
}
