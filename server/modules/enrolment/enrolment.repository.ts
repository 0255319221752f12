import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type EnrolmentDoc, enrolmentModel } from './enrolment.model';

export type Enrolment = Readonly<Omit<EnrolmentDoc, '_id'> & { id: string }>;
export type NewEnrolment = Pick<Enrolment, 'courseSlug' | 'userId' | 'cohortId' | 'seatId' | 'enrolledAt'>;

export interface EnrolmentRepository {
  findById(id: string): Promise<Enrolment | null>;
  findByCourseAndUser(courseSlug: string, userId: string): Promise<Enrolment | null>;
  listByUser(userId: string): Promise<Enrolment[]>;
  /** A course's enrolments, optionally only those in `cohortIds`, oldest first. */
  listByCourse(courseSlug: string, cohortIds: readonly string[] | null): Promise<Enrolment[]>;
  /** Inserts, or returns the existing enrolment of that user in that course (`created: false`). */
  insert(input: NewEnrolment): Promise<{ enrolment: Enrolment; created: boolean }>;
  /** Sets the status (withdraw / re-enrol) and appends to the history. */
  setStatus(
    id: string,
    change: Pick<Enrolment, 'status' | 'withdrawnAt' | 'cohortId' | 'seatId'>,
    entry: Enrolment['history'][number],
  ): Promise<Enrolment | null>;
}

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** Enrolment persistence on one connection; returns plain objects only. */
export function createEnrolmentRepository(connection: Connection): EnrolmentRepository {
  const Enrolments = enrolmentModel(connection);
  const many = (docs: EnrolmentDoc[]) => docs.map((d) => toEnrolment(d) as Enrolment);
  return {
    async findById(id) {
      return isObjectId(id) ? toEnrolment(await Enrolments.findById(id).lean<EnrolmentDoc>()) : null;
    },
    async findByCourseAndUser(courseSlug, userId) {
      return toEnrolment(await Enrolments.findOne({ courseSlug, userId }).lean<EnrolmentDoc>());
    },
    async listByUser(userId) {
      return many(await Enrolments.find({ userId }).sort({ enrolledAt: -1 }).lean<EnrolmentDoc[]>());
    },
    async listByCourse(courseSlug, cohortIds) {
      const filter = cohortIds ? { courseSlug, cohortId: { $in: [...cohortIds] } } : { courseSlug };
      return many(await Enrolments.find(filter).sort({ enrolledAt: 1, _id: 1 }).lean<EnrolmentDoc[]>());
    },
    async insert(input) {
      try {
        const doc = await Enrolments.create({
          ...input,
          status: 'active',
          history: [{ action: 'enrolled', at: input.enrolledAt, cohortId: input.cohortId }],
        });
        return { enrolment: toEnrolment(doc.toObject()) as Enrolment, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await this.findByCourseAndUser(input.courseSlug, input.userId);
        if (!existing) throw err;
        return { enrolment: existing, created: false };
      }
    },
    async setStatus(id, change, entry) {
      const doc = await Enrolments.findOneAndUpdate(
        { _id: id },
        { $set: change, $push: { history: entry } },
        { returnDocument: 'after' },
      ).lean<EnrolmentDoc>();
      return toEnrolment(doc);
    },
  };
}

function toEnrolment(doc: EnrolmentDoc | null): Enrolment | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
