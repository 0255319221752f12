import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { isObjectId, plain } from '../forum/forum.ids';
import { type CompetitionDoc, competitionModels, type EntryDoc, type ScoreDoc } from './competition.model';

export type Competition = Readonly<Omit<CompetitionDoc, '_id'> & { id: string }>;
export type NewCompetition = Omit<Competition, 'id' | 'createdAt' | 'updatedAt' | 'resultsPublishedAt'>;
export type Entry = Readonly<Omit<EntryDoc, '_id'> & { id: string }>;
export type Score = Readonly<Omit<ScoreDoc, '_id'> & { id: string }>;
/** Score sums of one entry, computed from its score documents. */
export interface ScoreSums {
  readonly scoreCount: number;
  readonly total: number;
  readonly criteriaTotals: Record<string, number>;
}
/** An entry with its score sums, as results rank it. */
export type ScoredEntry = Entry & ScoreSums;
export type NewScore = Pick<Score, 'competitionId' | 'entryId' | 'jurorId' | 'scores' | 'total' | 'comment'>;

// Entries × jurors of one competition: a yearly competition has hundreds of entries, a few jurors.
const MAX_SCORES = 200_000;

/** Competitions, entries and scores; every write is one single-document atomic operation. */
export function createCompetitionRepository(connection: Connection) {
  const { Competitions, Entries, Scores } = competitionModels(connection);
  return {
    /** Inserts; null when the slug is taken. */
    async create(input: NewCompetition): Promise<Competition | null> {
      try {
        return plain((await Competitions.create(input)).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    async findById(id: string): Promise<Competition | null> {
      if (!isObjectId(id)) return null;
      const doc = await Competitions.findById(id).lean<CompetitionDoc>();
      return doc ? plain(doc) : null;
    },
    async list(): Promise<Competition[]> {
      const docs = await Competitions.find()
        .sort({ opensAt: -1, _id: -1 })
        .limit(200)
        .lean<CompetitionDoc[]>();
      return docs.map(plain);
    },
    async update(id: string, set: Partial<Pick<Competition, 'jury' | 'resultsPublishedAt'>>) {
      const doc = await Competitions.findByIdAndUpdate(
        id,
        { $set: set },
        { returnDocument: 'after' },
      ).lean<CompetitionDoc>();
      return doc ? plain(doc) : null;
    },
    /** Reserves the participant's one entry; null when they already have one. */
    async reserveEntry(
      input: Pick<Entry, 'competitionId' | 'participantId' | 'title' | 'lang'>,
    ): Promise<Entry | null> {
      try {
        return plain((await Entries.create({ ...input, threadId: null })).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    async attachThread(entryId: string, threadId: string, lang: string): Promise<Entry | null> {
      const doc = await Entries.findByIdAndUpdate(
        entryId,
        { $set: { threadId, lang } },
        { returnDocument: 'after' },
      ).lean<EntryDoc>();
      return doc ? plain(doc) : null;
    },
    async deleteEntry(entryId: string): Promise<void> {
      await Entries.deleteOne({ _id: entryId, threadId: null });
    },
    async findEntry(competitionId: string, entryId: string): Promise<Entry | null> {
      if (!isObjectId(entryId)) return null;
      const doc = await Entries.findOne({ _id: entryId, competitionId }).lean<EntryDoc>();
      return doc ? plain(doc) : null;
    },
    /** Entries with a thread, oldest first (at most 10 000: a yearly competition's size). */
    async listEntries(competitionId: string): Promise<Entry[]> {
      const docs = await Entries.find({ competitionId, threadId: { $ne: null } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(10_000)
        .lean<EntryDoc[]>();
      return docs.map(plain);
    },
    /** Records a juror's scores once; `null` when this juror already scored this entry. */
    async addScore(input: NewScore): Promise<Score | null> {
      try {
        return plain((await Scores.create(input)).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    /**
     * Per entry: how many jurors scored, the sum of their totals and of each criterion. Summed in
     * code over the competition's scores: FerretDB 1.24 answers `$sum` of a field path with 0.
     */
    async scoreSums(competitionId: string, criteriaKeys: readonly string[]): Promise<Map<string, ScoreSums>> {
      const scores = await Scores.find({ competitionId }, { entryId: 1, total: 1, scores: 1 })
        .limit(MAX_SCORES)
        .lean<ScoreDoc[]>();
      const out = new Map<
        string,
        { scoreCount: number; total: number; criteriaTotals: Record<string, number> }
      >();
      for (const s of scores) {
        const sums = out.get(s.entryId) ?? { scoreCount: 0, total: 0, criteriaTotals: {} };
        sums.scoreCount += 1;
        sums.total += s.total;
        for (const key of criteriaKeys)
          sums.criteriaTotals[key] = (sums.criteriaTotals[key] ?? 0) + (s.scores[key] ?? 0);
        out.set(s.entryId, sums);
      }
      return out;
    },
  };
}

export type CompetitionRepository = ReturnType<typeof createCompetitionRepository>;
