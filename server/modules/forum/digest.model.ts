import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** How often a user wants an email of their unread forum notifications. */
export const DIGEST_FREQUENCIES = ['none', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export type DigestPeriod = Exclude<DigestFrequency, 'none'>;

/** A user's global digest choice (a subscription's own `digest` overrides it). */
export interface DigestPrefDoc {
  _id: string;
  frequency: DigestFrequency;
  updatedAt: Date;
}

const DigestPrefSchema = new Schema<DigestPrefDoc>(
  {
    _id: { type: String, required: true },
    frequency: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'forum_digest_prefs', versionKey: false },
);
// Keyed by user id. Index: who wants which frequency (the digest job's first read).
DigestPrefSchema.index({ frequency: 1 });

/**
 * One digest: `_id` = `<userId>:<period>:<periodKey>` (e.g. `…:daily:2026-11-30`), inserted
 * before the mail is sent, so two workers (or a rerun) never send the same digest twice.
 */
export interface DigestDoc {
  _id: string;
  userId: string;
  period: DigestPeriod;
  periodKey: string;
  /** Notifications up to this instant are covered; the next digest starts here. */
  until: Date;
  notificationIds: string[];
  status: 'sending' | 'sent';
  sentAt: Date | null;
}

const DigestSchema = new Schema<DigestDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    period: { type: String, required: true },
    periodKey: { type: String, required: true },
    until: { type: Date, required: true },
    notificationIds: { type: [String], default: [] },
    status: { type: String, required: true },
    sentAt: { type: Date, default: null },
  },
  { collection: 'forum_digests', versionKey: false },
);
// The last sent digest of a user and period. Shard-key candidate: { userId: 1 }.
DigestSchema.index({ userId: 1, period: 1, status: 1, until: -1 });

/** Registers (once per connection) and returns the digest preference model. */
export function digestPrefModel(connection: Connection): Model<DigestPrefDoc> {
  return modelFor(connection, 'ForumDigestPref', DigestPrefSchema);
}

/** Registers (once per connection) and returns the digest model. */
export function digestModel(connection: Connection): Model<DigestDoc> {
  return modelFor(connection, 'ForumDigest', DigestSchema);
}
