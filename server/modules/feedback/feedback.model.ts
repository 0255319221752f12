import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** A piece of anonymous feedback about the platform. Holds no personal data. */
export interface FeedbackDoc {
  _id: import('mongoose').Types.ObjectId;
  message: string;
  rating: number | null;
  pagePath: string | null;
  /** The language the feedback was written in (BCP 47), as negotiated or declared. */
  lang: string;
  /** Client-supplied Idempotency-Key, or a generated one: always present (no sparse index). */
  idempotencyKey: string;
  /** SHA-256 of the submitted content, to tell a replay from a reused key. */
  contentHash: string;
  createdAt: Date;
}

const FeedbackSchema = new Schema<FeedbackDoc>(
  {
    message: { type: String, required: true },
    rating: { type: Number, default: null },
    pagePath: { type: String, default: null },
    lang: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    contentHash: { type: String, required: true },
  },
  { collection: 'feedback', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Indexes: idempotencyKey unique (duplicate submissions); createdAt for staff listing.
// Shard-key candidate: { idempotencyKey: 'hashed' } — writes spread evenly, lookups by key.
FeedbackSchema.index({ idempotencyKey: 1 }, { unique: true });
FeedbackSchema.index({ createdAt: -1 });

/** Registers (once per connection) and returns the Feedback model. */
export function feedbackModel(connection: Connection): Model<FeedbackDoc> {
  return modelFor(connection, 'Feedback', FeedbackSchema);
}
