import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type CohortDoc, cohortModel, type SeatDoc, seatModel } from './cohort.model';

export type Cohort = Readonly<Omit<CohortDoc, '_id'> & { id: string; seatsLeft: number }>;
export type NewCohort = Omit<Cohort, 'id' | 'seatsLeft' | 'createdAt' | 'updatedAt'>;

export interface CohortRepository {
  create(input: NewCohort): Promise<Cohort>;
  listByCourse(courseSlug: string): Promise<Cohort[]>;
  /** The learner's seat (the one they hold, or a free number); null when the cohort is full. */
  takeSeat(cohort: Pick<Cohort, 'id' | 'capacity'>, userId: string, at: Date): Promise<string | null>;
  /** Gives a seat back (withdrawal, or an enrolment that existed already). */
  releaseSeat(seatId: string): Promise<void>;
}

/** Cohorts and their seats on one connection; returns plain objects only. */
export function createCohortRepository(connection: Connection): CohortRepository {
  const Cohorts = cohortModel(connection);
  const Seats = seatModel(connection);
  const taken = async (cohortId: string) =>
    new Set(
      (await Seats.find({ cohortId }, { _id: 1 }).lean<SeatDoc[]>()).map((s) => Number(s._id.split(':')[1])),
    );
  const withSeats = async (doc: CohortDoc): Promise<Cohort> => {
    const { _id, ...rest } = doc;
    const id = _id.toHexString();
    return {
      id,
      ...rest,
      seatsLeft: Math.max(0, rest.capacity - (await Seats.countDocuments({ cohortId: id }))),
    };
  };
  return {
    async create(input) {
      return withSeats((await Cohorts.create(input)).toObject());
    },
    async listByCourse(courseSlug) {
      const docs = await Cohorts.find({ courseSlug }).sort({ startsAt: 1, _id: 1 }).lean<CohortDoc[]>();
      return Promise.all(docs.map(withSeats));
    },
    async takeSeat(cohort, userId, at) {
      const held = async () =>
        (await Seats.findOne({ cohortId: cohort.id, userId }).lean<SeatDoc>())?._id ?? null;
      const mine = await held();
      if (mine) return mine;
      // Try the free numbers in order; a number taken meanwhile (or a seat this learner got in a
      // parallel call) fails on a unique index.
      const used = await taken(cohort.id);
      for (let n = 1; n <= cohort.capacity; n++) {
        if (used.has(n)) continue;
        try {
          await Seats.create({ _id: `${cohort.id}:${n}`, cohortId: cohort.id, userId, takenAt: at });
          return `${cohort.id}:${n}`;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const parallel = await held();
          if (parallel) return parallel;
        }
      }
      return null;
    },
    async releaseSeat(seatId) {
      await Seats.deleteOne({ _id: seatId });
    },
  };
}
