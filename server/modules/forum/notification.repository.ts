import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import type { DigestFrequency, DigestPeriod } from './digest.model';
import { afterDescending, type CursorPosition } from './forum.cursor';
import { isObjectId, plain } from './forum.ids';
import {
  type NotificationDoc,
  notificationModel,
  type SubscriptionDoc,
  subscriptionModel,
} from './subscription.model';

export type Subscription = Readonly<Omit<SubscriptionDoc, '_id'> & { id: string }>;
export type Notification = Readonly<Omit<NotificationDoc, '_id'> & { id: string }>;
export type NewNotification = Omit<Notification, 'id' | 'userId' | 'readAt' | 'createdAt'>;
type Target = Pick<Subscription, 'targetType' | 'targetId'>;

// Fan-out is synchronous up to this many followers; beyond it a job would page through them.
const FANOUT_LIMIT = 5000;

export interface NotificationRepository {
  subscribe(userId: string, target: Target): Promise<{ subscription: Subscription; created: boolean }>;
  /** Follows a target without reading anything back (one round trip; authors of posts). */
  follow(userId: string, target: Target): Promise<void>;
  unsubscribe(userId: string, id: string): Promise<boolean>;
  listSubscriptions(userId: string): Promise<Subscription[]>;
  followers(target: Target): Promise<string[]>;
  /** Inserts one notification per user; a repeat for the same post and user is ignored. */
  notify(userIds: readonly string[], n: NewNotification, at: Date): Promise<number>;
  /** A user's notifications, newest first, after `cursor`. */
  list(
    userId: string,
    unreadOnly: boolean,
    cursor: CursorPosition | null,
    limit: number,
  ): Promise<Notification[]>;
  countUnread(userId: string): Promise<number>;
  /** Sets a subscription's own digest frequency (null: the user's global choice); null if not theirs. */
  setDigest(userId: string, id: string, digest: DigestFrequency | null): Promise<Subscription | null>;
  /** Users with at least one subscription whose own digest is `period`. */
  usersWithDigest(period: DigestPeriod, limit: number): Promise<string[]>;
  /** A user's unread notifications created in (after, until], oldest first. */
  unreadBetween(userId: string, after: Date, until: Date, limit: number): Promise<Notification[]>;
  markRead(userId: string, ids: readonly string[] | 'all', at: Date): Promise<number>;
}

/** Subscriptions and in-app notifications on one connection. */
export function createNotificationRepository(connection: Connection): NotificationRepository {
  const Subs = subscriptionModel(connection);
  const Notes = notificationModel(connection);
  return {
    async subscribe(userId, target) {
      try {
        return { subscription: plain((await Subs.create({ userId, ...target })).toObject()), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const doc = await Subs.findOne({ userId, ...target }).lean<SubscriptionDoc>();
        if (!doc) throw err;
        return { subscription: plain(doc), created: false };
      }
    },
    async follow(userId, target) {
      const filter = { userId, ...target };
      try {
        await Subs.updateOne(filter, { $setOnInsert: filter }, { upsert: true });
      } catch (err) {
        // Two upserts of the same new subscription: one insert wins, which is all we need.
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async unsubscribe(userId, id) {
      if (!isObjectId(id)) return false;
      return (await Subs.deleteOne({ _id: id, userId })).deletedCount > 0;
    },
    async listSubscriptions(userId) {
      const docs = await Subs.find({ userId }).sort({ createdAt: -1 }).limit(1000).lean<SubscriptionDoc[]>();
      return docs.map(plain);
    },
    async followers(target) {
      const docs = await Subs.find(target, { userId: 1 }).limit(FANOUT_LIMIT).lean<SubscriptionDoc[]>();
      return docs.map((d) => d.userId);
    },
    async notify(userIds, n, at) {
      if (userIds.length === 0) return 0;
      const docs = userIds.map((userId) => ({ ...n, userId, readAt: null, createdAt: at }));
      try {
        return (await Notes.insertMany(docs, { ordered: false })).length;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return 0;
      }
    },
    async list(userId, unreadOnly, cursor, limit) {
      const parts: Record<string, unknown>[] = [{ userId }];
      if (unreadOnly) parts.push({ readAt: null });
      if (cursor) parts.push(afterDescending(cursor));
      const docs = await Notes.find({ $and: parts })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<NotificationDoc[]>();
      return docs.map(plain);
    },
    countUnread: (userId) => Notes.countDocuments({ userId, readAt: null }),
    async setDigest(userId, id, digest) {
      if (!isObjectId(id)) return null;
      const doc = await Subs.findOneAndUpdate(
        { _id: id, userId },
        { $set: { digest } },
        { returnDocument: 'after' },
      ).lean<SubscriptionDoc>();
      return doc ? plain(doc) : null;
    },
    async usersWithDigest(period, limit) {
      const docs = await Subs.find({ digest: period }, { userId: 1 }).limit(limit).lean<SubscriptionDoc[]>();
      return [...new Set(docs.map((d) => d.userId))];
    },
    async unreadBetween(userId, after, until, limit) {
      const docs = await Notes.find({ userId, readAt: null, createdAt: { $gt: after, $lte: until } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .lean<NotificationDoc[]>();
      return docs.map(plain);
    },
    async markRead(userId, ids, at) {
      const filter: Record<string, unknown> = { userId, readAt: null };
      if (ids !== 'all') filter._id = { $in: ids.filter(isObjectId) };
      return (await Notes.updateMany(filter, { $set: { readAt: at } })).modifiedCount;
    },
  };
}
