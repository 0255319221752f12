import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** A run of a facilitated course: dates, enrolment window, capacity and facilitators. */
export interface CohortDoc {
  _id: Types.ObjectId;
  courseSlug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  enrolmentOpensAt: Date;
  enrolmentClosesAt: Date;
  capacity: number;
  facilitatorIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

const CohortSchema = new Schema<CohortDoc>(
  {
    courseSlug: { type: String, required: true },
    name: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    enrolmentOpensAt: { type: Date, required: true },
    enrolmentClosesAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    facilitatorIds: { type: [String], default: [] },
  },
  { collection: 'cohorts', timestamps: true, versionKey: false },
);

// Indexes: course + start (list a course's cohorts, pick the open one).
// Shard-key candidate: none needed (a few per course); { courseSlug: 1 } if ever.
CohortSchema.index({ courseSlug: 1, startsAt: 1 });

/** Registers (once per connection) and returns the Cohort model. */
export function cohortModel(connection: Connection): Model<CohortDoc> {
  return modelFor(connection, 'Cohort', CohortSchema);
}

/**
 * One taken seat: `_id` is `<cohortId>:<n>` with n in 1..capacity, so at most `capacity` seats
 * can ever exist — the unique `_id` is the capacity guard (a guarded `$inc` is not atomic on
 * FerretDB 1.24).
 */
export interface SeatDoc {
  _id: string;
  cohortId: string;
  userId: string;
  takenAt: Date;
}

const SeatSchema = new Schema<SeatDoc>(
  {
    _id: { type: String, required: true },
    cohortId: { type: String, required: true },
    userId: { type: String, required: true },
    takenAt: { type: Date, required: true },
  },
  { collection: 'cohort_seats', versionKey: false },
);

// Indexes: cohort × user unique — one seat per learner, so parallel calls of one learner share a
// seat instead of taking several (also serves free-number and seats-left reads by cohort).
// Shard-key candidate: { cohortId: 1 }.
SeatSchema.index({ cohortId: 1, userId: 1 }, { unique: true });

/** Registers (once per connection) and returns the Seat model. */
export function seatModel(connection: Connection): Model<SeatDoc> {
  return modelFor(connection, 'CohortSeat', SeatSchema);
}
