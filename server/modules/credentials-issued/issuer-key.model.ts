import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { SealedKey } from './key-sealing';

/**
 * An Ed25519 signing key of the credential issuer, as JWKs. `_id` is the key's RFC 7638
 * thumbprint. `slot` is `active` for the one key that signs new credentials and
 * `retired:<thumbprint>` for older ones, which stay published so their credentials verify.
 * The unique index on `slot` makes "generate on first start" safe with several processes.
 * The private JWK is stored only sealed (AES-256-GCM under ISSUER_KEY_SECRET, key-sealing.ts);
 * retired keys keep no private part at all. `privateJwk` is the plaintext of documents written
 * before sealing existed: the first start seals it and removes it.
 */
export interface IssuerKeyDoc {
  _id: string;
  slot: string;
  publicJwk: Record<string, string>;
  sealedPrivateKey: SealedKey | null;
  /** Legacy plaintext private JWK (migrated away on start). */
  privateJwk?: Record<string, string>;
  createdAt: Date;
  retiredAt: Date | null;
}

const IssuerKeySchema = new Schema<IssuerKeyDoc>(
  {
    _id: { type: String, required: true },
    slot: { type: String, required: true },
    publicJwk: { type: Object, required: true },
    sealedPrivateKey: { type: Object, default: null },
    privateJwk: { type: Object },
    createdAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
  },
  { collection: 'issuer_keys', versionKey: false, minimize: false },
);

// Indexes: slot unique (exactly one active key). Shard-key candidate: none (a handful of keys).
IssuerKeySchema.index({ slot: 1 }, { unique: true });

/** Registers (once per connection) and returns the IssuerKey model. */
export function issuerKeyModel(connection: Connection): Model<IssuerKeyDoc> {
  return modelFor(connection, 'IssuerKey', IssuerKeySchema);
}
