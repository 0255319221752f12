import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import {
  type DigestDoc,
  type DigestFrequency,
  type DigestPeriod,
  type DigestPrefDoc,
  digestModel,
  digestPrefModel,
} from './digest.model';

export interface DigestRepository {
  frequencyOf(userId: string): Promise<DigestFrequency>;
  setFrequency(userId: string, frequency: DigestFrequency, at: Date): Promise<void>;
  /** Users whose global choice is `period`. */
  usersWithFrequency(period: DigestPeriod, limit: number): Promise<string[]>;
  /** End of the user's last sent digest of `period`, or null. */
  lastUntil(userId: string, period: DigestPeriod): Promise<Date | null>;
  /** Inserts the digest record; false when it exists (sent, or being sent by another worker). */
  claim(digest: Omit<DigestDoc, 'status' | 'sentAt'>): Promise<boolean>;
  markSent(id: string, at: Date): Promise<void>;
  /** Drops a claim whose mail could not be sent, so a later run retries it. */
  release(id: string): Promise<void>;
}

/** Digest preferences and sent digests on one connection. */
export function createDigestRepository(connection: Connection): DigestRepository {
  const Prefs = digestPrefModel(connection);
  const Digests = digestModel(connection);
  return {
    async frequencyOf(userId) {
      return (await Prefs.findById(userId).lean<DigestPrefDoc>())?.frequency ?? 'none';
    },
    async setFrequency(userId, frequency, at) {
      await Prefs.updateOne({ _id: userId }, { $set: { frequency, updatedAt: at } }, { upsert: true });
    },
    async usersWithFrequency(period, limit) {
      const docs = await Prefs.find({ frequency: period }, { _id: 1 }).limit(limit).lean<DigestPrefDoc[]>();
      return docs.map((d) => d._id);
    },
    async lastUntil(userId, period) {
      const doc = await Digests.findOne({ userId, period, status: 'sent' })
        .sort({ until: -1 })
        .lean<DigestDoc>();
      return doc?.until ?? null;
    },
    async claim(digest) {
      try {
        await Digests.create({ ...digest, status: 'sending', sentAt: null });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async markSent(id, at) {
      await Digests.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: at } });
    },
    async release(id) {
      await Digests.deleteOne({ _id: id, status: 'sending' });
    },
  };
}
