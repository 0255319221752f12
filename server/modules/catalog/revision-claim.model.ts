import { type Connection, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import { isDuplicateKey } from '../../shared/error-mapping';

interface ClaimDoc {
  /** `<kind>:<slug>:<version being written>`. */
  _id: string;
  at: Date;
}

const ClaimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'catalog_revision_claims', versionKey: false },
);
// Indexes: _id only (unique by nature: that uniqueness IS the lock). Shard-key candidate:
// { _id: 'hashed' }; at most two small documents per item exist at any time.

/** A claim older than this whose write never landed was abandoned (crash mid-write). */
const ABANDONED_AFTER_MS = 30_000;

/**
 * Per-version write claims. A conditional update (`{ slug, version }` filter) is not atomic on
 * FerretDB, which applies update operators in the proxy and rewrites the document, so two
 * writers holding the same version could both succeed. Inserting `kind:slug:nextVersion` into
 * a collection keyed by `_id` lets exactly one of them win, on MongoDB and FerretDB alike.
 */
export function createRevisionClaims(connection: Connection, now: () => number = Date.now) {
  const Claim = modelFor(connection, 'CatalogRevisionClaim', ClaimSchema);
  return {
    /** True when this caller now holds `id`; false when someone else does. */
    async claim(id: string): Promise<boolean> {
      try {
        await Claim.create({ _id: id, at: new Date(now()) });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Drops a claim (after the write landed, failed, or was abandoned). */
    async release(id: string): Promise<void> {
      await Claim.deleteOne({ _id: id });
    },
    /** True when `id` is held by a writer that should have finished long ago. */
    async isAbandoned(id: string): Promise<boolean> {
      const claim = await Claim.findById(id).lean<ClaimDoc>();
      return !!claim && now() - claim.at.getTime() > ABANDONED_AFTER_MS;
    },
  };
}

export type RevisionClaims = ReturnType<typeof createRevisionClaims>;
