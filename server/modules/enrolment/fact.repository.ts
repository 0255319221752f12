import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type FactDoc, factModel } from './fact.model';

export type Fact = Readonly<FactDoc>;
export type NewFact = Omit<Fact, '_id' | 'delivered' | 'createdAt'>;
/** What progress is folded from: a fact without its event. */
export type FactSummary = Pick<Fact, '_id' | 'type' | 'enrolmentId' | 'lessonKey' | 'at'>;

const ID_CHUNK = 400;
const SUMMARY = { _id: 1, type: 1, enrolmentId: 1, lessonKey: 1, at: 1 } as const;

interface BulkWriteErrorLike {
  writeErrors?: { code?: number; index?: number; err?: { code?: number; index?: number } }[];
}

export interface FactRepository {
  /** Inserts facts that did not happen yet; returns those inserted now (the others existed). */
  insertNew(facts: readonly NewFact[], now: Date): Promise<Fact[]>;
  findById(id: string): Promise<Fact | null>;
  listByEnrolments(enrolmentIds: readonly string[]): Promise<FactSummary[]>;
  /** The facts among `ids` that exist (by `_id` only: the cheapest read there is). */
  findSummaries(ids: readonly string[]): Promise<FactSummary[]>;
  markDelivered(ids: readonly string[]): Promise<void>;
  /** Undelivered facts written before `cutoff` (the sweep). */
  listUndelivered(cutoff: Date, limit: number): Promise<Fact[]>;
  remove(id: string): Promise<void>;
}

/** Learning facts on one connection: insert-only, except the delivery flag. */
export function createFactRepository(connection: Connection): FactRepository {
  const Facts = factModel(connection);
  return {
    async insertNew(facts, now) {
      if (facts.length === 0) return [];
      const docs: Fact[] = facts.map((f) => ({ _id: f.event.id, ...f, delivered: false, createdAt: now }));
      try {
        await Facts.collection.insertMany(docs as never[], { ordered: false });
        return docs;
      } catch (err) {
        const failed = duplicateIndexes(err);
        return docs.filter((_, i) => !failed.has(i));
      }
    },
    async findById(id) {
      return Facts.findById(id).lean<FactDoc>();
    },
    async listByEnrolments(enrolmentIds) {
      if (enrolmentIds.length === 0) return [];
      return Facts.find({ enrolmentId: { $in: [...enrolmentIds] } }, SUMMARY).lean<FactSummary[]>();
    },
    async findSummaries(ids) {
      const out: FactSummary[] = [];
      // Chunks FerretDB still answers from its `_id` index (docs/database.md, patches).
      for (let i = 0; i < ids.length; i += ID_CHUNK)
        out.push(
          ...(await Facts.find({ _id: { $in: ids.slice(i, i + ID_CHUNK) } }, SUMMARY).lean<FactSummary[]>()),
        );
      return out;
    },
    async markDelivered(ids) {
      await Facts.updateMany({ _id: { $in: [...ids] } }, { $set: { delivered: true } });
    },
    async listUndelivered(cutoff, limit) {
      return Facts.find({ delivered: false, createdAt: { $lt: cutoff } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<FactDoc[]>();
    },
    async remove(id) {
      await Facts.deleteOne({ _id: id });
    },
  };
}

/** Indexes of the writes that failed as duplicates; rethrows anything else. */
export function duplicateIndexes(err: unknown): Set<number> {
  const writeErrors = (err as BulkWriteErrorLike).writeErrors;
  if (!writeErrors?.length) {
    if (isDuplicateKey(err)) return new Set([0]);
    throw err;
  }
  const out = new Set<number>();
  for (const w of writeErrors) {
    const code = w.code ?? w.err?.code;
    const index = w.index ?? w.err?.index;
    if (code !== 11000 || index === undefined) throw err;
    out.add(index);
  }
  return out;
}
