import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import {
  type OneTimePurpose,
  type OneTimeTokenDoc,
  oneTimeTokenModel,
  oneTimeTokenUseModel,
} from './one-time-token.model';

export interface OneTimeTokenRepository {
  create(input: {
    purpose: OneTimePurpose;
    userId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<void>;
  /** Consumes an unused, unexpired token exactly once (even under concurrency); its user id, or null. */
  consume(purpose: OneTimePurpose, tokenHash: string, now: Date): Promise<string | null>;
  /** Voids a user's outstanding tokens of a purpose (e.g. older reset links after a reset). */
  invalidate(userId: string, purpose: OneTimePurpose, now: Date): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

/** One-time token persistence on one connection. */
export function createOneTimeTokenRepository(connection: Connection): OneTimeTokenRepository {
  const Tokens = oneTimeTokenModel(connection);
  const Uses = oneTimeTokenUseModel(connection);
  /** Inserts the use record; false when another request already used the token. */
  const claim = async (doc: Pick<OneTimeTokenDoc, '_id' | 'expiresAt'>) => {
    try {
      await Uses.create({ _id: doc._id.toHexString(), expiresAt: doc.expiresAt });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  };
  return {
    async create(input) {
      await Tokens.create(input);
    },
    async consume(purpose, tokenHash, now) {
      const doc = await Tokens.findOne({
        tokenHash: String(tokenHash),
        purpose,
        usedAt: null,
        expiresAt: { $gt: now },
      }).lean<OneTimeTokenDoc>();
      if (!doc || !(await claim(doc))) return null;
      await Tokens.updateOne({ _id: doc._id }, { $set: { usedAt: now } });
      return doc.userId;
    },
    async invalidate(userId, purpose, now) {
      const open = await Tokens.find({ userId, purpose, usedAt: null }).lean<OneTimeTokenDoc[]>();
      for (const doc of open) await claim(doc);
      await Tokens.updateMany({ _id: { $in: open.map((d) => d._id) } }, { $set: { usedAt: now } });
    },
    async deleteByUser(userId) {
      const ids = (await Tokens.find({ userId }, { _id: 1 }).lean<Pick<OneTimeTokenDoc, '_id'>[]>()).map(
        (d) => d._id,
      );
      await Uses.deleteMany({ _id: { $in: ids.map((id) => id.toHexString()) } });
      return (await Tokens.deleteMany({ userId })).deletedCount;
    },
    async deleteExpired(now) {
      await Uses.deleteMany({ expiresAt: { $lt: now } });
      return (await Tokens.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
    },
  };
}
