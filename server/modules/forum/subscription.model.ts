import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { DigestFrequency } from './digest.model';

/** A user following a thread (new replies) or a category (new threads). */
export interface SubscriptionDoc {
  _id: Types.ObjectId;
  userId: string;
  targetType: 'thread' | 'category';
  targetId: string;
  /** This subscription's email digest; null follows the user's global choice. */
  digest: DigestFrequency | null;
  createdAt: Date;
}

const SubscriptionSchema = new Schema<SubscriptionDoc>(
  {
    userId: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    digest: { type: String, default: null },
  },
  { collection: 'forum_subscriptions', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Indexes: unique per (target, user) — fan-out reads by target. Shard-key: { targetId: 1 }.
SubscriptionSchema.index({ targetType: 1, targetId: 1, userId: 1 }, { unique: true });
SubscriptionSchema.index({ userId: 1, createdAt: -1 });
// The digest job: who chose a frequency on a subscription.
SubscriptionSchema.index({ digest: 1, userId: 1 });

/** One in-app notification: something new in a thread or category the user follows. */
export interface NotificationDoc {
  _id: Types.ObjectId;
  userId: string;
  kind: 'reply' | 'thread';
  threadId: string;
  postId: string;
  categoryId: string;
  actorId: string;
  /** Thread title at the time (plain text), so the list needs no join. */
  title: string;
  lang: string;
  readAt: Date | null;
  createdAt: Date;
}

const NotificationSchema = new Schema<NotificationDoc>(
  {
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    threadId: { type: String, required: true },
    postId: { type: String, required: true },
    categoryId: { type: String, required: true },
    actorId: { type: String, required: true },
    title: { type: String, required: true },
    lang: { type: String, required: true },
    readAt: { type: Date, default: null },
  },
  { collection: 'notifications', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Indexes: one post notifies a user once; a user's list newest first. Shard-key: { userId: 1 }.
NotificationSchema.index({ postId: 1, userId: 1 }, { unique: true });
NotificationSchema.index({ userId: 1, createdAt: -1, _id: -1 });

/** Registers (once per connection) and returns the subscription model. */
export function subscriptionModel(connection: Connection): Model<SubscriptionDoc> {
  return modelFor(connection, 'ForumSubscription', SubscriptionSchema);
}

/** Registers (once per connection) and returns the notification model. */
export function notificationModel(connection: Connection): Model<NotificationDoc> {
  return modelFor(connection, 'Notification', NotificationSchema);
}
