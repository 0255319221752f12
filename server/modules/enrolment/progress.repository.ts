import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { duplicateIndexes } from './fact.repository';
import {
  type ProgressRecordDoc,
  type ProgressSweepDoc,
  progressRecordModel,
  progressSweepModel,
  type QuizAttemptDoc,
  quizAttemptModel,
} from './progress.model';

const SWEEP_ID = 'inbox';

export type ProgressRecord = Readonly<ProgressRecordDoc>;
export type QuizAttemptRecord = Readonly<Omit<QuizAttemptDoc, '_id' | 'attempt'>>;
export type AttemptSummary = Pick<QuizAttemptDoc, 'enrolmentId' | 'lessonKey' | 'score' | 'passed'>;

export interface ProgressRepository {
  /** Inserts records; returns the ids that already existed (replays), all others are stored. */
  insertMany(records: readonly ProgressRecord[]): Promise<Set<string>>;
  findByIds(ids: readonly string[]): Promise<ProgressRecord[]>;
  /** These enrolments' records received since `since`, in the order they were accepted. */
  listRecent(enrolmentIds: readonly string[], since: Date): Promise<ProgressRecord[]>;
  /** Records received in [from, to), oldest first, at most `limit`. */
  listReceived(from: Date, to: Date, limit: number): Promise<ProgressRecord[]>;
  /** Up to when the sweep has checked records (null before its first run). */
  sweptThrough(): Promise<Date | null>;
  /** Moves the sweep's watermark forward (never back: parallel sweeps may finish in any order). */
  markSwept(through: Date): Promise<void>;
  /** Stores an attempt under the next free number up to `max`; null when all are used. */
  addQuizAttempt(attempt: QuizAttemptRecord, max: number | null): Promise<number | null>;
  /** Scores of the attempts of these enrolments (no answers). */
  listAttempts(enrolmentIds: readonly string[]): Promise<AttemptSummary[]>;
}

/** Progress-event and quiz-attempt persistence on one connection. */
export function createProgressRepository(connection: Connection): ProgressRepository {
  const Records = progressRecordModel(connection);
  const Attempts = quizAttemptModel(connection);
  const Sweeps = progressSweepModel(connection);
  return {
    async insertMany(records) {
      if (records.length === 0) return new Set();
      try {
        await Records.collection.insertMany([...records] as never[], { ordered: false });
        return new Set();
      } catch (err) {
        return new Set([...duplicateIndexes(err)].map((i) => records[i]?._id as string));
      }
    },
    async findByIds(ids) {
      if (ids.length === 0) return [];
      return Records.find({ _id: { $in: [...ids] } }).lean<ProgressRecordDoc[]>();
    },
    async listRecent(enrolmentIds, since) {
      if (enrolmentIds.length === 0) return [];
      // Each enrolment's `<id>:` prefix as an _id range (';' follows ':'), one query each: the
      // _id index serves a prefix range on MongoDB and, patched, on FerretDB (not an $or of them).
      const lists = await Promise.all(
        [...new Set(enrolmentIds)].map((id) =>
          Records.find({ _id: { $gt: `${id}:`, $lt: `${id};` }, receivedAt: { $gte: since } }).lean<
            ProgressRecordDoc[]
          >(),
        ),
      );
      return lists.flat().sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.seq - b.seq);
    },
    async listReceived(from, to, limit) {
      return Records.find({ receivedAt: { $gte: from, $lt: to } })
        .sort({ receivedAt: 1, seq: 1 })
        .limit(limit)
        .lean<ProgressRecordDoc[]>();
    },
    async sweptThrough() {
      return (await Sweeps.findById(SWEEP_ID).lean<ProgressSweepDoc>())?.through ?? null;
    },
    async markSwept(through) {
      await Sweeps.updateOne({ _id: SWEEP_ID }, { $max: { through } }, { upsert: true });
    },
    async addQuizAttempt(attempt, max) {
      const { enrolmentId, lessonKey } = attempt;
      let n = (await Attempts.countDocuments({ enrolmentId, lessonKey })) + 1;
      for (; max === null || n <= max; n++) {
        try {
          await Attempts.collection.insertOne({
            _id: `${enrolmentId}:${lessonKey}:${n}`,
            ...attempt,
            attempt: n,
          } as never);
          return n;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return null;
    },
    async listAttempts(enrolmentIds) {
      if (enrolmentIds.length === 0) return [];
      return Attempts.find(
        { enrolmentId: { $in: [...enrolmentIds] } },
        { _id: 0, enrolmentId: 1, lessonKey: 1, score: 1, passed: 1 },
      ).lean<AttemptSummary[]>();
    },
  };
}
