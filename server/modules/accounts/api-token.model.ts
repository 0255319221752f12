import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** A personal API token. Only its SHA-256 is stored; the secret is shown once at creation. */
export interface ApiTokenDoc {
  _id: Types.ObjectId;
  userId: string;
  name: string;
  /** hex SHA-256 of the full secret (256 random bits, so a fast hash is enough). */
  tokenHash: string;
  /** The first characters of the secret, so a user can tell tokens apart. */
  prefix: string;
  /** Roles the token may exercise (intersected with the owner's current roles at use). */
  scopes: string[];
  expiresAt: Date;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const ApiTokenSchema = new Schema<ApiTokenDoc>(
  {
    userId: { type: String, required: true },
    name: { type: String, required: true },
    tokenHash: { type: String, required: true },
    prefix: { type: String, required: true },
    scopes: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'api_tokens', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Indexes: tokenHash unique (every bearer request); userId for listing and erasure.
// Expired tokens are refused at use and removed by the accounts sweep (no TTL index on FerretDB).
// Shard-key candidate: { tokenHash: 'hashed' }.
ApiTokenSchema.index({ tokenHash: 1 }, { unique: true });
ApiTokenSchema.index({ userId: 1, createdAt: -1 });

/** Registers (once per connection) and returns the ApiToken model. */
export function apiTokenModel(connection: Connection): Model<ApiTokenDoc> {
  return modelFor(connection, 'ApiToken', ApiTokenSchema);
}
