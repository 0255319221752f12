import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

export const PROGRESS_TYPES = ['lesson_started', 'lesson_completed'] as const;
export type ProgressType = (typeof PROGRESS_TYPES)[number];

/**
 * One accepted progress event, as the client sent it. `_id` is `<enrolment id>:<idempotency
 * key>`, so a replayed event is a duplicate-key no-op and needs no second index.
 */
export interface ProgressRecordDoc {
  _id: string;
  enrolmentId: string;
  type: ProgressType;
  lessonKey: string;
  occurredAt: Date;
  receivedAt: Date;
}

const ProgressRecordSchema = new Schema<ProgressRecordDoc>(
  {
    _id: { type: String, required: true },
    enrolmentId: { type: String, required: true },
    type: { type: String, required: true },
    lessonKey: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'progress_events', versionKey: false },
);

// Indexes: _id only (idempotency); reads are rare (support, audits) and go by _id prefix.
// Shard-key candidate: { _id: 'hashed' }.

/** Registers (once per connection) and returns the progress-record model. */
export function progressRecordModel(connection: Connection): Model<ProgressRecordDoc> {
  return modelFor(connection, 'ProgressRecord', ProgressRecordSchema);
}

/**
 * One submitted quiz attempt. `_id` is `<enrolment>:<lesson>:<n>` with n from 1 to the attempt
 * limit, so the limit holds under concurrency through the unique `_id` alone.
 */
export interface QuizAttemptDoc {
  _id: string;
  enrolmentId: string;
  userId: string;
  courseSlug: string;
  lessonKey: string;
  attempt: number;
  answers: { question: string; options: string[] }[];
  score: number;
  passed: boolean;
  submittedAt: Date;
}

const QuizAttemptSchema = new Schema<QuizAttemptDoc>(
  {
    _id: { type: String, required: true },
    enrolmentId: { type: String, required: true },
    userId: { type: String, required: true },
    courseSlug: { type: String, required: true },
    lessonKey: { type: String, required: true },
    attempt: { type: Number, required: true },
    answers: { type: [{ _id: false, question: String, options: [String] }], default: [] },
    score: { type: Number, required: true },
    passed: { type: Boolean, required: true },
    submittedAt: { type: Date, required: true },
  },
  { collection: 'quiz_attempts', versionKey: false },
);

// Indexes: enrolment + lesson (a learner's attempts on one quiz).
// Shard-key candidate: { enrolmentId: 'hashed' }.
QuizAttemptSchema.index({ enrolmentId: 1, lessonKey: 1 });

/** Registers (once per connection) and returns the quiz-attempt model. */
export function quizAttemptModel(connection: Connection): Model<QuizAttemptDoc> {
  return modelFor(connection, 'QuizAttempt', QuizAttemptSchema);
}
