import type { Connection } from 'mongoose';
import { type OneTimePurpose, type OneTimeTokenDoc, oneTimeTokenModel } from './one-time-token.model';

export interface OneTimeTokenRepository {
  create(input: {
    purpose: OneTimePurpose;
    userId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<void>;
  /** Atomically marks an unused, unexpired token used; returns its user id, or null. */
  consume(purpose: OneTimePurpose, tokenHash: string, now: Date): Promise<string | null>;
  /** Voids a user's outstanding tokens of a purpose (e.g. older reset links after a reset). */
  invalidate(userId: string, purpose: OneTimePurpose, now: Date): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

/** One-time token persistence on one connection. */
export function createOneTimeTokenRepository(connection: Connection): OneTimeTokenRepository {
  const Tokens = oneTimeTokenModel(connection);
  return {
    async create(input) {
      await Tokens.create(input);
    },
    async consume(purpose, tokenHash, now) {
      const doc = await Tokens.findOneAndUpdate(
        { tokenHash: String(tokenHash), purpose, usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      ).lean<OneTimeTokenDoc>();
      return doc?.userId ?? null;
    },
    async invalidate(userId, purpose, now) {
      await Tokens.updateMany({ userId, purpose, usedAt: null }, { $set: { usedAt: now } });
    },
    async deleteByUser(userId) {
      return (await Tokens.deleteMany({ userId })).deletedCount;
    },
    async deleteExpired(now) {
      return (await Tokens.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
    },
  };
}
