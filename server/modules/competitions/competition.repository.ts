import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { isObjectId, plain } from '../forum/forum.ids';
import { type CompetitionDoc, competitionModels, type EntryDoc, type ScoreDoc } from './competition.model';

export type Competition = Readonly<Omit<CompetitionDoc, '_id'> & { id: string }>;
export type NewCompetition = Omit<Competition, 'id' | 'createdAt' | 'updatedAt' | 'resultsPublishedAt'>;
export type Entry = Readonly<Omit<EntryDoc, '_id'> & { id: string }>;
export type Score = Readonly<Omit<ScoreDoc, '_id'> & { id: string }>;
export type NewScore = Pick<Score, 'competitionId' | 'entryId' | 'jurorId' | 'scores' | 'total' | 'comment'>;

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
    async attachThread(entryId: string, threadId: string): Promise<Entry | null> {
      const doc = await Entries.findByIdAndUpdate(
        entryId,
        { $set: { threadId } },
        { returnDocument: 'after' },
      ).lean<EntryDoc>();
      return doc ? plain(doc) : null;
    },
    async deleteEntry(entryId: string): Promise<void> {
      await Entries.deleteOne({ _id: entryId, scoreCount: 0 });
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
      let score: Score;
      try {
        score = plain((await Scores.create(input)).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      // Only the winning insert adds to the entry's sums, so sums always match the score documents.
      const inc: Record<string, number> = { scoreCount: 1, total: input.total };
      for (const [key, value] of Object.entries(input.scores)) inc[`criteriaTotals.${key}`] = value;
      await Entries.updateOne({ _id: input.entryId }, { $inc: inc });
      return score;
    },
    async listScoresBy(competitionId: string, jurorId: string): Promise<Score[]> {
      const docs = await Scores.find({ competitionId, jurorId }).limit(10_000).lean<ScoreDoc[]>();
      return docs.map(plain);
    },
  };
}

export type CompetitionRepository = ReturnType<typeof createCompetitionRepository>;
