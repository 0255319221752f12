import type { Connection } from 'mongoose';
import { idMemo } from '../../shared/db';
import { type ApiTokenDoc, apiTokenModel } from './api-token.model';

export type ApiToken = Readonly<Omit<ApiTokenDoc, '_id'> & { id: string }>;
export type NewApiToken = Omit<ApiToken, 'id' | 'createdAt' | 'lastUsedAt'>;

export interface ApiTokenRepository {
  create(input: NewApiToken): Promise<ApiToken>;
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  listByUser(userId: string): Promise<ApiToken[]>;
  /** Records use; the write is skipped when the last record is recent (one write per minute). */
  touch(id: string, at: Date): Promise<void>;
  /** Deletes the user's token; false when it is not theirs or does not exist. */
  delete(userId: string, id: string): Promise<boolean>;
  deleteByUser(userId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

const TOUCH_GRANULARITY_MS = 60_000;

/** API token persistence on one connection; returns plain objects only. */
export function createApiTokenRepository(connection: Connection): ApiTokenRepository {
  const Tokens = apiTokenModel(connection);
  // When this process last recorded each token's use: within the granularity no command is sent.
  const touched = new Map<string, number>();
  const byHash = idMemo('tokenHash');
  return {
    async create(input) {
      return toToken((await Tokens.create(input)).toObject()) as ApiToken;
    },
    async findByHash(tokenHash) {
      // Every bearer request: by `_id` once this process has seen the token (idMemo).
      return toToken(await byHash.find(String(tokenHash), (f) => Tokens.findOne(f).lean<ApiTokenDoc>()));
    },
    async listByUser(userId) {
      const docs = await Tokens.find({ userId }).sort({ createdAt: -1 }).lean<ApiTokenDoc[]>();
      return docs.map((d) => toToken(d) as ApiToken);
    },
    async touch(id, at) {
      const last = touched.get(id);
      if (last !== undefined && at.getTime() >= last && at.getTime() - last < TOUCH_GRANULARITY_MS) return;
      if (touched.size >= 10_000) touched.clear();
      touched.set(id, at.getTime());
      const stale = new Date(at.getTime() - TOUCH_GRANULARITY_MS);
      await Tokens.updateOne(
        { _id: id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: stale } }] },
        { $set: { lastUsedAt: at } },
      );
    },
    async delete(userId, id) {
      if (!/^[0-9a-f]{24}$/i.test(id)) return false;
      return (await Tokens.deleteOne({ _id: id, userId })).deletedCount === 1;
    },
    async deleteByUser(userId) {
      return (await Tokens.deleteMany({ userId })).deletedCount;
    },
    async deleteExpired(now) {
      return (await Tokens.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
    },
  };
}

function toToken(doc: ApiTokenDoc | null): ApiToken | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
