import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

export const ONE_TIME_PURPOSES = ['verify-email', 'password-reset'] as const;
export type OneTimePurpose = (typeof ONE_TIME_PURPOSES)[number];

/** A single-use, expiring token mailed to a user; only its SHA-256 is stored. */
export interface OneTimeTokenDoc {
  _id: Types.ObjectId;
  purpose: OneTimePurpose;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  /** Set when consumed; a used token never works again. */
  usedAt: Date | null;
  createdAt: Date;
}

const OneTimeTokenSchema = new Schema<OneTimeTokenDoc>(
  {
    purpose: { type: String, required: true, enum: ONE_TIME_PURPOSES },
    userId: { type: String, required: true },
    tokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'one_time_tokens', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Indexes: tokenHash unique (consumption); userId (erasure, invalidating older reset tokens).
// Expired rows are removed by the accounts sweep (no TTL index). Shard-key: { tokenHash: 'hashed' }.
OneTimeTokenSchema.index({ tokenHash: 1 }, { unique: true });
OneTimeTokenSchema.index({ userId: 1, purpose: 1 });

/**
 * The use of a one-time token: `_id` is the token's id, so exactly one request can insert it.
 * FerretDB does not make a conditional update atomic (docs/database.md), so `usedAt: null` in an
 * update filter alone could let two concurrent requests both consume the same token.
 */
export interface OneTimeTokenUseDoc {
  _id: string;
  expiresAt: Date;
}

const OneTimeTokenUseSchema = new Schema<OneTimeTokenUseDoc>(
  { _id: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  { collection: 'one_time_token_uses', versionKey: false },
);
OneTimeTokenUseSchema.index({ expiresAt: 1 });

/** Registers (once per connection) and returns the OneTimeTokenUse model. */
export function oneTimeTokenUseModel(connection: Connection): Model<OneTimeTokenUseDoc> {
  return modelFor(connection, 'OneTimeTokenUse', OneTimeTokenUseSchema);
}

/** Registers (once per connection) and returns the OneTimeToken model. */
export function oneTimeTokenModel(connection: Connection): Model<OneTimeTokenDoc> {
  return modelFor(connection, 'OneTimeToken', OneTimeTokenSchema);
}
