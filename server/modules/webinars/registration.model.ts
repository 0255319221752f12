import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Personal data of someone without an account, entered by staff. Erased on request. */
export interface ExternalPerson {
  name: string;
  email: string;
  country: string | null;
  role: string | null;
}

/**
 * A registration. `_id` is `<eventId>:<seat>` (seat 1, 2, …): with a capacity, at most
 * `capacity` seats can exist, so the unique `_id` is the capacity guard (FerretDB's `$inc` is
 * not atomic). `personKey` (`user:<id>` or `email:<address>`) is unique per event: registering
 * twice, even in parallel, yields one registration.
 */
export interface RegistrationDoc {
  _id: string;
  eventId: string;
  seat: number;
  personKey: string;
  userId: string | null;
  external: ExternalPerson | null;
  /** Lower-cased, trimmed address used to match attendance files; null once erased. */
  email: string | null;
  /** The statistics pseudonym (never an id or address): counts a person across events. */
  userKey: string;
  /** Dimensions as they were at registration (denormalized for statistics). */
  country: string | null;
  audience: string | null;
  gender: string | null;
  registeredAt: Date;
}

const RegistrationSchema = new Schema<RegistrationDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    seat: { type: Number, required: true },
    personKey: { type: String, required: true },
    userId: { type: String, default: null },
    external: { type: Schema.Types.Mixed, default: null },
    email: { type: String, default: null },
    userKey: { type: String, required: true },
    country: { type: String, default: null },
    audience: { type: String, default: null },
    gender: { type: String, default: null },
    registeredAt: { type: Date, required: true },
  },
  { collection: 'gathering_registrations', versionKey: false },
);

// Indexes: one registration per person and event (idempotency); matching by address; a user's
// registrations (privacy export). Shard-key candidate: { eventId: 1 } (every query names it).
RegistrationSchema.index({ eventId: 1, personKey: 1 }, { unique: true });
RegistrationSchema.index({ eventId: 1, email: 1 });
RegistrationSchema.index({ userId: 1 });

/**
 * One person's attendance of one event: `_id` is the registration id, so attendance counts once
 * per person per event by construction. `importId`/`row` say which import committed it.
 */
export interface AttendanceDoc {
  _id: string;
  eventId: string;
  seriesId: string | null;
  userId: string | null;
  importId: string | null;
  row: number | null;
  joinedAt: Date | null;
  leftAt: Date | null;
  minutes: number | null;
  recordedAt: Date;
}

const AttendanceSchema = new Schema<AttendanceDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    seriesId: { type: String, default: null },
    userId: { type: String, default: null },
    importId: { type: String, default: null },
    row: { type: Number, default: null },
    joinedAt: { type: Date, default: null },
    leftAt: { type: Date, default: null },
    minutes: { type: Number, default: null },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'gathering_attendance', versionKey: false },
);
AttendanceSchema.index({ eventId: 1 });
AttendanceSchema.index({ userId: 1 });

/**
 * A person seen at some event of a series: `_id` is `<seriesId>|<userKey>`. Unique inserts make
 * the all-time distinct participant count of a series exact (a count of these documents).
 */
export interface SeriesPersonDoc {
  _id: string;
  seriesId: string;
  firstEventId: string;
  at: Date;
}

const SeriesPersonSchema = new Schema<SeriesPersonDoc>(
  {
    _id: { type: String, required: true },
    seriesId: { type: String, required: true },
    firstEventId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'gathering_series_people', versionKey: false },
);
SeriesPersonSchema.index({ seriesId: 1 });

/** Registers (once per connection) and returns the registration-side models. */
export function registrationModels(connection: Connection): {
  Registrations: Model<RegistrationDoc>;
  Attendance: Model<AttendanceDoc>;
  SeriesPeople: Model<SeriesPersonDoc>;
} {
  return {
    Registrations: modelFor(connection, 'GatheringRegistration', RegistrationSchema),
    Attendance: modelFor(connection, 'GatheringAttendance', AttendanceSchema),
    SeriesPeople: modelFor(connection, 'GatheringSeriesPerson', SeriesPersonSchema),
  };
}
