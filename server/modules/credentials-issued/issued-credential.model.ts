import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/**
 * A credential issued to a learner: the signed VC-JWT is the credential; everything else is for
 * lookups and revocation. One per definition × user (unique index): issuing is exactly-once even
 * when two completions race. Its statistics event is a learning fact written just before it.
 */
export interface IssuedCredentialDoc {
  /** The credential's UUID (its VC id is `urn:uuid:<_id>`). */
  _id: string;
  definitionSlug: string;
  userId: string;
  /** The language the achievement was written in. */
  lang: string;
  issuedAt: Date;
  expiresAt: Date | null;
  jwt: string;
  revoked: boolean;
  revokedAt: Date | null;
  revocationReason: string | null;
  revokedBy: string | null;
}

const IssuedCredentialSchema = new Schema<IssuedCredentialDoc>(
  {
    _id: { type: String, required: true },
    definitionSlug: { type: String, required: true },
    userId: { type: String, required: true },
    lang: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    jwt: { type: String, required: true },
    revoked: { type: Boolean, default: false },
    revokedAt: { type: Date, default: null },
    revocationReason: { type: String, default: null },
    revokedBy: { type: String, default: null },
  },
  { collection: 'issued_credentials', versionKey: false, minimize: false },
);

// Indexes: definition × user unique (exactly once); user (my credentials); revoked (the public
// revocation list). Shard-key candidate: { userId: 'hashed' }.
IssuedCredentialSchema.index({ definitionSlug: 1, userId: 1 }, { unique: true });
IssuedCredentialSchema.index({ userId: 1, issuedAt: -1 });
IssuedCredentialSchema.index({ revoked: 1 });

/** Registers (once per connection) and returns the IssuedCredential model. */
export function issuedCredentialModel(connection: Connection): Model<IssuedCredentialDoc> {
  return modelFor(connection, 'IssuedCredential', IssuedCredentialSchema);
}
