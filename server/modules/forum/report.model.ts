import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Why a post is reported (stable keys; labels in locales/<lng>/forum.json). */
export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'misinformation', 'privacy', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * A user's report of a post. Category and language are copied from the post so the moderation
 * queue filters without a join. One open report per (post, reporter).
 */
export interface ReportDoc {
  _id: Types.ObjectId;
  postId: string;
  threadId: string;
  categoryId: string;
  lang: string;
  reporterId: string;
  reason: ReportReason;
  note: string | null;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolvedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const ReportSchema = new Schema<ReportDoc>(
  {
    postId: { type: String, required: true },
    threadId: { type: String, required: true },
    categoryId: { type: String, required: true },
    lang: { type: String, required: true },
    reporterId: { type: String, required: true },
    reason: { type: String, enum: REPORT_REASONS, required: true },
    note: { type: String, default: null },
    status: { type: String, required: true },
    resolution: { type: String, default: null },
    resolvedBy: { type: String, default: null },
  },
  { collection: 'forum_reports', timestamps: true, versionKey: false },
);

// Indexes: one report per reporter and post; the queue reads open reports oldest first.
// Shard-key candidate: { postId: 1 }.
ReportSchema.index({ postId: 1, reporterId: 1 }, { unique: true });
ReportSchema.index({ status: 1, createdAt: 1 });

/** Registers (once per connection) and returns the report model. */
export function reportModel(connection: Connection): Model<ReportDoc> {
  return modelFor(connection, 'ForumReport', ReportSchema);
}
