import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

export const PROGRESS_TYPES = ['lesson_started', 'lesson_completed'] as const;
export type ProgressType = (typeof PROGRESS_TYPES)[number];

/**
 * One accepted progress event, as the client sent it; also the progress inbox: a record is
 * stored (acknowledged) first and applied to the learning facts afterwards
 * (progress.applier.ts). Records are never updated: FerretDB rewrites a document per update and
 * scans the collection to find it, under its write lock. `_id` is `<enrolment id>:<idempotency
 * key>`, so a replayed event is a duplicate-key no-op and an enrolment's records are an `_id`
 * range. `seq` is the event's position in its request: with `receivedAt` it orders them as
 * accepted.
 */
export interface ProgressRecordDoc {
  _id: string;
  enrolmentId: string;
  type: ProgressType;
  lessonKey: string;
  occurredAt: Date;
  receivedAt: Date;
  seq: number;
}

const ProgressRecordSchema = new Schema<ProgressRecordDoc>(
  {
    _id: { type: String, required: true },
    enrolmentId: { type: String, required: true },
    type: { type: String, required: true },
    lessonKey: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'progress_events', versionKey: false },
);

// Indexes: _id (idempotency; an enrolment's recent records by `_id` range); receivedAt (the
// sweep reads what arrived since its last run). Shard-key candidate: { _id: 'hashed' }.
ProgressRecordSchema.index({ receivedAt: 1 });

/** Registers (once per connection) and returns the progress-record model. */
export function progressRecordModel(connection: Connection): Model<ProgressRecordDoc> {
  return modelFor(connection, 'ProgressRecord', ProgressRecordSchema);
}

/** How far the progress sweep has checked records (one document, `_id: "inbox"`). */
export interface ProgressSweepDoc {
  _id: string;
  through: Date;
}

const ProgressSweepSchema = new Schema<ProgressSweepDoc>(
  { _id: { type: String, required: true }, through: { type: Date, required: true } },
  { collection: 'progress_sweeps', versionKey: false },
);

/** Registers (once per connection) and returns the sweep-watermark model. */
export function progressSweepModel(connection: Connection): Model<ProgressSweepDoc> {
  return modelFor(connection, 'ProgressSweep', ProgressSweepSchema);
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
