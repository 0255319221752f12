import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type FeedbackDoc, feedbackModel } from './feedback.model';

export type Feedback = Readonly<Omit<FeedbackDoc, '_id'> & { id: string }>;
export type NewFeedback = Omit<Feedback, 'id' | 'createdAt'>;

export interface FeedbackRepository {
  /** Inserts, or returns the existing record with the same idempotency key (`created: false`). */
  insertOnce(input: NewFeedback): Promise<{ feedback: Feedback; created: boolean }>;
  findById(id: string): Promise<Feedback | null>;
}

/** Feedback persistence on one connection; returns plain objects only. */
export function createFeedbackRepository(connection: Connection): FeedbackRepository {
  const Feedback = feedbackModel(connection);
  const findByKey = async (key: string) =>
    toFeedback(await Feedback.findOne({ idempotencyKey: key }).lean<FeedbackDoc>());
  return {
    async insertOnce(input) {
      try {
        const doc = await Feedback.create(input);
        return { feedback: toFeedback(doc.toObject()) as Feedback, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await findByKey(input.idempotencyKey);
        if (!existing) throw err;
        return { feedback: existing, created: false };
      }
    },
    async findById(id) {
      return toFeedback(await Feedback.findById(id).lean<FeedbackDoc>());
    },
  };
}

function toFeedback(doc: FeedbackDoc | null): Feedback | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
