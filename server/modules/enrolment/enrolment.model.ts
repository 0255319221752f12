import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

export const ENROLMENT_STATUSES = ['active', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** Best result and attempts on one quiz lesson (derived from quiz attempts). */
export interface QuizState {
  attempts: number;
  bestScore: number;
  passedAt: Date | null;
}

/** One line of an enrolment's history (enrolled, withdrawn, re-enrolled). */
export interface EnrolmentHistoryEntry {
  action: 'enrolled' | 'withdrawn' | 're-enrolled';
  at: Date;
  cohortId: string | null;
}

/**
 * A learner's place in one course: one document per course × user (unique index), so enrolling
 * is idempotent without transactions. Progress is not kept here but in insert-only learning
 * facts and quiz attempts (see fact.model.ts): FerretDB 1.24 rewrites a whole document per
 * update, so concurrent progress updates to one document could lose each other.
 */
export interface EnrolmentDoc {
  _id: Types.ObjectId;
  courseSlug: string;
  userId: string;
  cohortId: string | null;
  /** The seat claim held in the cohort (`<cohortId>:<n>`), released on withdrawal. */
  seatId: string | null;
  status: EnrolmentStatus;
  enrolledAt: Date;
  withdrawnAt: Date | null;
  history: EnrolmentHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const EnrolmentSchema = new Schema<EnrolmentDoc>(
  {
    courseSlug: { type: String, required: true },
    userId: { type: String, required: true },
    cohortId: { type: String, default: null },
    seatId: { type: String, default: null },
    status: { type: String, enum: ENROLMENT_STATUSES, required: true },
    enrolledAt: { type: Date, required: true },
    withdrawnAt: { type: Date, default: null },
    history: { type: [Object], default: [] },
  },
  { collection: 'enrolments', timestamps: true, versionKey: false, minimize: false },
);

// Indexes: course × user unique (idempotent enrolment); user (my learning); course + cohort
// (rosters). Shard-key candidate: { userId: 'hashed' } — my learning and progress are per user;
// rosters are scatter-gather reads done by staff.
EnrolmentSchema.index({ courseSlug: 1, userId: 1 }, { unique: true });
EnrolmentSchema.index({ userId: 1, enrolledAt: -1 });
EnrolmentSchema.index({ courseSlug: 1, cohortId: 1, enrolledAt: 1 });

/** Registers (once per connection) and returns the Enrolment model. */
export function enrolmentModel(connection: Connection): Model<EnrolmentDoc> {
  return modelFor(connection, 'Enrolment', EnrolmentSchema);
}
