import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** A published scoring criterion: jurors give 0..maxScore (whole numbers). */
export interface Criterion {
  key: string;
  title: Record<string, string>;
  maxScore: number;
}

/** A competition: localized texts, submission window, eligibility, jury and criteria. */
export interface CompetitionDoc {
  _id: Types.ObjectId;
  slug: string;
  title: Record<string, string>;
  /** Markdown per language (rendered like forum posts when presented). */
  rules: Record<string, string>;
  sourceLanguage: string;
  opensAt: Date;
  closesAt: Date;
  /** Audiences (vocabulary keys) that may enter; empty means everyone. */
  audiences: string[];
  criteria: Criterion[];
  /** User ids holding the jury role for this competition. */
  jury: string[];
  /** The forum category holding the entries (threads). */
  categoryId: string;
  resultsPublishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const CompetitionSchema = new Schema<CompetitionDoc>(
  {
    slug: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    rules: { type: Schema.Types.Mixed, default: {} },
    sourceLanguage: { type: String, required: true },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    audiences: { type: [String], default: [] },
    criteria: {
      type: [{ _id: false, key: String, title: Schema.Types.Mixed, maxScore: Number }],
      default: [],
    },
    jury: { type: [String], default: [] },
    categoryId: { type: String, required: true },
    resultsPublishedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  { collection: 'competitions', timestamps: true, versionKey: false, minimize: false },
);
// Indexes: slug unique. Shard-key candidate: none (a handful of documents).
CompetitionSchema.index({ slug: 1 }, { unique: true });
CompetitionSchema.index({ opensAt: -1 });

/**
 * A participant's entry: a forum thread. Score sums are not stored here: they are summed from
 * the score documents when results are read (FerretDB loses concurrent `$inc`s on one document).
 */
export interface EntryDoc {
  _id: Types.ObjectId;
  competitionId: string;
  participantId: string;
  threadId: string | null;
  title: string;
  lang: string;
  createdAt: Date;
}

const EntrySchema = new Schema<EntryDoc>(
  {
    competitionId: { type: String, required: true },
    participantId: { type: String, required: true },
    threadId: { type: String, default: null },
    title: { type: String, required: true },
    lang: { type: String, required: true },
  },
  {
    collection: 'competition_entries',
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    minimize: false,
  },
);
// One entry per participant and competition: the unique index decides concurrent submissions.
// Shard-key candidate: { competitionId: 1, participantId: 1 }.
EntrySchema.index({ competitionId: 1, participantId: 1 }, { unique: true });

/** One juror's scores for one entry; unique per (entry, juror). */
export interface ScoreDoc {
  _id: Types.ObjectId;
  competitionId: string;
  entryId: string;
  jurorId: string;
  scores: Record<string, number>;
  total: number;
  comment: string | null;
  createdAt: Date;
}

const ScoreSchema = new Schema<ScoreDoc>(
  {
    competitionId: { type: String, required: true },
    entryId: { type: String, required: true },
    jurorId: { type: String, required: true },
    scores: { type: Schema.Types.Mixed, required: true },
    total: { type: Number, required: true },
    comment: { type: String, default: null },
  },
  { collection: 'competition_scores', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Shard-key candidate: { entryId: 1 }.
ScoreSchema.index({ entryId: 1, jurorId: 1 }, { unique: true });
ScoreSchema.index({ competitionId: 1, jurorId: 1 });
ScoreSchema.index({ competitionId: 1, entryId: 1 });

/** The competition models on one connection. */
export function competitionModels(connection: Connection): {
  Competitions: Model<CompetitionDoc>;
  Entries: Model<EntryDoc>;
  Scores: Model<ScoreDoc>;
} {
  return {
    Competitions: modelFor(connection, 'Competition', CompetitionSchema),
    Entries: modelFor(connection, 'CompetitionEntry', EntrySchema),
    Scores: modelFor(connection, 'CompetitionScore', ScoreSchema),
  };
}
