import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type AttendanceDoc, type RegistrationDoc, registrationModels } from './registration.model';

export type Registration = Readonly<RegistrationDoc>;
export type NewRegistration = Omit<RegistrationDoc, '_id' | 'seat'>;
export type Attendance = Readonly<AttendanceDoc>;

export interface RegistrationRepository {
  findByPerson(eventId: string, personKey: string): Promise<Registration | null>;
  /**
   * Takes a seat for the person: the existing registration (`created: false`), a new one, or
   * null when all `capacity` seats are taken. Safe under concurrency (unique indexes decide).
   */
  register(
    input: NewRegistration,
    capacity: number | null,
  ): Promise<{ registration: Registration; created: boolean } | null>;
  countByEvent(eventId: string): Promise<number>;
  /** Registrations in seat order (a cursor: exports stream). */
  streamByEvent(eventId: string): AsyncIterable<Registration>;
  listByEvent(eventId: string, page: { skip: number; limit: number }): Promise<Registration[]>;
  /** Registrations of the event by address; a platform user wins over an external with the same address. */
  findByEmails(eventId: string, emails: readonly string[]): Promise<Map<string, Registration>>;
  /**
   * Inserts attendance records. Returns the stored records that were there before and are not
   * these very records (same import and row means a resumed batch: it counts as this one's).
   */
  insertAttendance(docs: readonly AttendanceDoc[]): Promise<Map<string, Attendance>>;
  findAttendance(ids: readonly string[]): Promise<Attendance[]>;
  countAttendance(eventId: string): Promise<number>;
  /** Marks a person as seen in a series (idempotent). */
  addSeriesPerson(seriesId: string, userKey: string, eventId: string, at: Date): Promise<void>;
  countSeriesPeople(seriesId: string): Promise<number>;
  listByUser(userId: string): Promise<Registration[]>;
  /** Removes an external registrant's personal data (seat and statistics stay); false if none. */
  eraseExternal(eventId: string, registrationId: string, pseudonym: string): Promise<boolean>;
  /** Unlinks a user's registrations and attendance from the account (right to erasure). */
  eraseUser(userId: string, pseudonym: string): Promise<void>;
}

/** Registrations, attendance and series participants on one connection. */
export function createRegistrationRepository(connection: Connection): RegistrationRepository {
  const { Registrations, Attendance, SeriesPeople } = registrationModels(connection);
  const findByPerson = (eventId: string, personKey: string) =>
    Registrations.findOne({ eventId, personKey }).lean<RegistrationDoc>();
  return {
    findByPerson,
    async register(input, capacity) {
      const existing = await findByPerson(input.eventId, input.personKey);
      if (existing) return { registration: existing, created: false };
      // Seats are numbered 1..capacity; a number taken meanwhile fails on the unique _id, the
      // same person registering in parallel fails on (eventId, personKey).
      let seat = (await Registrations.countDocuments({ eventId: input.eventId })) + 1;
      while (capacity === null || seat <= capacity) {
        const doc: RegistrationDoc = { _id: `${input.eventId}:${seat}`, seat, ...input };
        try {
          await Registrations.create(doc);
          return { registration: doc, created: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const parallel = await findByPerson(input.eventId, input.personKey);
          if (parallel) return { registration: parallel, created: false };
          seat++;
        }
      }
      return null;
    },
    countByEvent(eventId) {
      return Registrations.countDocuments({ eventId });
    },
    streamByEvent(eventId) {
      return Registrations.find({ eventId })
        .sort({ seat: 1 })
        .lean<RegistrationDoc[]>()
        .cursor({ batchSize: 1000 });
    },
    listByEvent(eventId, page) {
      return Registrations.find({ eventId })
        .sort({ seat: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean<RegistrationDoc[]>();
    },
    async findByEmails(eventId, emails) {
      const docs = await Registrations.find({ eventId, email: { $in: [...emails] } }).lean<
        RegistrationDoc[]
      >();
      const out = new Map<string, Registration>();
      for (const d of docs) {
        const prior = d.email ? out.get(d.email) : undefined;
        if (d.email && (!prior || (prior.userId === null && d.userId !== null))) out.set(d.email, d);
      }
      return out;
    },
    async insertAttendance(docs) {
      const conflicts = new Map<string, Attendance>();
      if (docs.length === 0) return conflicts;
      try {
        await Attendance.insertMany(docs, { ordered: false });
        return conflicts;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // Which inserts collided is read back from what is stored: error details vary by server.
      const stored = await Attendance.find({ _id: { $in: docs.map((d) => d._id) } }).lean<AttendanceDoc[]>();
      const mine = new Map(docs.map((d) => [d._id, d]));
      for (const s of stored) {
        const doc = mine.get(s._id);
        if (s.importId !== doc?.importId || s.row !== doc?.row) conflicts.set(s._id, s);
      }
      return conflicts;
    },
    findAttendance(ids) {
      return Attendance.find({ _id: { $in: [...ids] } }).lean<AttendanceDoc[]>();
    },
    countAttendance(eventId) {
      return Attendance.countDocuments({ eventId });
    },
    async addSeriesPerson(seriesId, userKey, eventId, at) {
      try {
        await SeriesPeople.create({ _id: `${seriesId}|${userKey}`, seriesId, firstEventId: eventId, at });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    countSeriesPeople(seriesId) {
      return SeriesPeople.countDocuments({ seriesId });
    },
    listByUser(userId) {
      return Registrations.find({ userId }).lean<RegistrationDoc[]>();
    },
    async eraseExternal(eventId, registrationId, pseudonym) {
      const res = await Registrations.updateOne(
        { _id: registrationId, eventId, userId: null, external: { $ne: null } },
        { $set: { external: null, email: null, personKey: `erased:${pseudonym}` } },
      );
      return res.matchedCount > 0;
    },
    async eraseUser(userId, pseudonym) {
      await Registrations.updateMany(
        { userId },
        { $set: { userId: null, email: null, personKey: `erased:${pseudonym}` } },
      );
      await Attendance.updateMany({ userId }, { $set: { userId: null } });
    },
  };
}
