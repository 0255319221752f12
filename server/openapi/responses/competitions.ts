import { z } from 'zod';
import { data, moduleDocs } from '../registry';
import { Dir, IsoDate, NO_INPUT } from './common';
import { ForumPost, ForumThread } from './forum.schemas';

const Competition = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  lang: z.string(),
  fallback: z.boolean(),
  dir: Dir,
  rules: z.object({ html: z.string(), lang: z.string(), dir: Dir, fallback: z.boolean() }),
  opensAt: IsoDate,
  closesAt: IsoDate,
  phase: z.enum(['upcoming', 'open', 'closed', 'published']),
  audiences: z.array(z.string()),
  criteria: z.array(z.object({ key: z.string(), title: z.string(), maxScore: z.number() })),
  juryCount: z.int().min(0),
  categoryId: z.string(),
  resultsPublishedAt: IsoDate.nullable(),
});
const Entry = z.object({
  id: z.string(),
  competitionId: z.string(),
  participantId: z.string(),
  threadId: z.string(),
  title: z.string(),
  lang: z.string(),
  dir: Dir,
  createdAt: IsoDate,
});
const Score = z.object({
  id: z.string(),
  entryId: z.string(),
  jurorId: z.string(),
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  createdAt: IsoDate,
});
const Result = z.object({
  /** Standard competition ranking ("1224"); 0 for entries no juror has scored yet (listed last). */
  rank: z.int().min(0),
  tied: z.boolean(),
  /** Mean of the jurors' totals; null while unscored. */
  average: z.number().nullable(),
  jurors: z.int().min(0),
  criteria: z.record(z.string(), z.number()),
  entry: Entry,
});

/** Competitions: entries are forum threads, a jury scores them, results are published. */
export const competitionsDocs = moduleDocs({
  tag: 'competitions',
  description: 'Competitions with jury scoring and standard competition ranking',
  routes: {
    'GET /api/competitions': {
      id: 'listCompetitions',
      summary: 'Competitions in the reader’s language',
      request: NO_INPUT,
      responses: { 200: { description: 'Competitions', schema: data(z.array(Competition)) } },
    },
    'POST /api/competitions': {
      id: 'createCompetition',
      summary: 'Create a competition (staff)',
      responses: { 201: { description: 'Created', schema: data(Competition) } },
      errors: [409],
    },
    'GET /api/competitions/:id': {
      id: 'getCompetition',
      summary: 'One competition',
      responses: { 200: { description: 'The competition', schema: data(Competition) } },
    },
    'PUT /api/competitions/:id/jury': {
      id: 'setCompetitionJury',
      summary: 'Set the jury (staff)',
      responses: {
        200: {
          description: 'The jury',
          schema: data(z.object({ id: z.string(), jury: z.array(z.string()) })),
        },
      },
      errors: [409],
    },
    'GET /api/competitions/:id/entries': {
      id: 'listCompetitionEntries',
      summary: 'Entries',
      responses: { 200: { description: 'Entries', schema: data(z.array(Entry)) } },
    },
    'POST /api/competitions/:id/entries': {
      id: 'enterCompetition',
      summary: 'Submit an entry (opens its forum thread)',
      responses: {
        201: {
          description: 'Entered',
          schema: data(z.object({ entry: Entry, thread: ForumThread, post: ForumPost })),
        },
      },
      errors: [409],
    },
    'POST /api/competitions/:id/entries/:entryId/scores': {
      id: 'scoreCompetitionEntry',
      summary: 'Score an entry (jurors, once each)',
      responses: { 201: { description: 'Scored', schema: data(Score) } },
      errors: [409],
    },
    'GET /api/competitions/:id/results': {
      id: 'getCompetitionResults',
      summary: 'Ranked results (once published; staff and jurors before)',
      responses: {
        200: {
          description: 'Results',
          schema: data(
            z.object({
              competition: Competition,
              ranking: z.literal('standard-competition'),
              results: z.array(Result),
            }),
          ),
        },
      },
      errors: [409],
    },
    'POST /api/competitions/:id/results/publish': {
      id: 'publishCompetitionResults',
      summary: 'Publish the results (staff)',
      responses: { 200: { description: 'The competition', schema: data(Competition) } },
      errors: [409],
    },
    'GET /api/competitions/:id/results/export': {
      id: 'exportCompetitionResults',
      summary: 'Results as CSV',
      responses: { 200: { description: 'CSV attachment', media: { 'text/csv': {} } } },
      errors: [409],
    },
  },
});
