import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/**
 * One audit entry. Append-only: the repository has no update or delete. It holds ids and stable
 * codes only — never emails, names or secrets — so it can be kept after an account is erased.
 */
export interface AuditEntryDoc {
  _id: Types.ObjectId;
  /** Who did it (user id), or null for the system / command line. */
  actorId: string | null;
  /** Stable action code, e.g. `role.granted`, `token.created`, `account.deleted`. */
  action: string;
  /** What it was done to: a kind and an id (e.g. `user` + user id). */
  targetType: string;
  targetId: string;
  /** Non-personal specifics (role names, token id, export kind). */
  details: Record<string, string | number | boolean | string[]>;
  /** The X-Request-Id of the request that did it (or `cli:<script>`). */
  requestId: string;
  at: Date;
}

const AuditEntrySchema = new Schema<AuditEntryDoc>(
  {
    actorId: { type: String, default: null },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    requestId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'audit_log', versionKey: false, minimize: false },
);

// Indexes: by target and by actor (a user's export, staff review), by time (staff export).
// Shard-key candidate: { at: 1, _id: 1 } range-sharded is hot on inserts; prefer { targetId: 'hashed' }.
AuditEntrySchema.index({ targetId: 1, at: -1 });
AuditEntrySchema.index({ actorId: 1, at: -1 });
AuditEntrySchema.index({ at: -1 });

/** Registers (once per connection) and returns the AuditEntry model. */
export function auditEntryModel(connection: Connection): Model<AuditEntryDoc> {
  return modelFor(connection, 'AuditEntry', AuditEntrySchema);
}
