import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type IssuedCredentialDoc, issuedCredentialModel } from './issued-credential.model';

export type IssuedCredential = Readonly<Omit<IssuedCredentialDoc, '_id'> & { id: string }>;
export type NewIssuedCredential = Omit<
  IssuedCredential,
  'revoked' | 'revokedAt' | 'revocationReason' | 'revokedBy'
>;

export interface IssuedCredentialRepository {
  /** Inserts, or returns the one already issued for that definition and user (`created: false`). */
  insertOnce(input: NewIssuedCredential): Promise<{ credential: IssuedCredential; created: boolean }>;
  findById(id: string): Promise<IssuedCredential | null>;
  findByDefinitionAndUser(definitionSlug: string, userId: string): Promise<IssuedCredential | null>;
  listByUser(userId: string): Promise<IssuedCredential[]>;
  listRevoked(): Promise<IssuedCredential[]>;
  /** Revokes once; null when it was already revoked (or does not exist). */
  revoke(id: string, reason: string, by: string, at: Date): Promise<IssuedCredential | null>;
}

/** Issued-credential persistence on one connection; returns plain objects only. */
export function createIssuedCredentialRepository(connection: Connection): IssuedCredentialRepository {
  const Issued = issuedCredentialModel(connection);
  const many = (docs: IssuedCredentialDoc[]) => docs.map((d) => toIssued(d) as IssuedCredential);
  return {
    async insertOnce({ id, ...input }) {
      try {
        const doc = await Issued.create({ _id: id, ...input });
        return { credential: toIssued(doc.toObject()) as IssuedCredential, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await this.findByDefinitionAndUser(input.definitionSlug, input.userId);
        if (!existing) throw err;
        return { credential: existing, created: false };
      }
    },
    async findById(id) {
      return toIssued(await Issued.findById(String(id)).lean<IssuedCredentialDoc>());
    },
    async findByDefinitionAndUser(definitionSlug, userId) {
      return toIssued(await Issued.findOne({ definitionSlug, userId }).lean<IssuedCredentialDoc>());
    },
    async listByUser(userId) {
      return many(await Issued.find({ userId }).sort({ issuedAt: -1 }).lean<IssuedCredentialDoc[]>());
    },
    async listRevoked() {
      return many(
        await Issued.find({ revoked: true }, { jwt: 0 }).sort({ revokedAt: 1 }).lean<IssuedCredentialDoc[]>(),
      );
    },
    async revoke(id, reason, by, at) {
      return toIssued(
        await Issued.findOneAndUpdate(
          { _id: String(id), revoked: false },
          { $set: { revoked: true, revokedAt: at, revocationReason: reason, revokedBy: by } },
          { returnDocument: 'after' },
        ).lean<IssuedCredentialDoc>(),
      );
    },
  };
}

function toIssued(doc: IssuedCredentialDoc | null): IssuedCredential | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
