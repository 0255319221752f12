import { z } from 'zod';
import { data, moduleDocs, paged } from '../registry';
import { IsoDate, Picked } from './common';

const Enrolment = z.object({
  id: z.string(),
  course: z.object({ slug: z.string(), title: Picked.nullable(), format: z.string() }),
  cohortId: z.string().nullable(),
  status: z.string(),
  enrolledAt: IsoDate,
  withdrawnAt: IsoDate.nullable(),
  completedAt: IsoDate.nullable(),
  lastActivityAt: IsoDate.nullable(),
  progress: z.object({
    percent: z.number().min(0).max(100),
    completedLessons: z.array(z.string()),
    quizzes: z.record(
      z.string(),
      z.object({ attempts: z.int(), bestScore: z.number(), passed: z.boolean() }),
    ),
  }),
  nextLesson: z
    .object({ key: z.string(), moduleKey: z.string(), kind: z.string(), title: Picked.nullable() })
    .nullable(),
  history: z.array(
    z.object({
      action: z.enum(['enrolled', 'withdrawn', 're-enrolled']),
      at: IsoDate,
      cohortId: z.string().nullable(),
    }),
  ),
});
const Cohort = z.object({
  id: z.string(),
  courseSlug: z.string(),
  name: z.string(),
  startsAt: IsoDate.nullable(),
  endsAt: IsoDate.nullable(),
  enrolmentOpensAt: IsoDate.nullable(),
  enrolmentClosesAt: IsoDate.nullable(),
  capacity: z.int().nullable(),
  seatsLeft: z.int().nullable(),
});
const RosterRow = z.object({
  enrolmentId: z.string(),
  userId: z.string(),
  displayName: z.string().nullable(),
  country: z.string().nullable(),
  audience: z.string().nullable(),
  cohortId: z.string().nullable(),
  status: z.string(),
  progressPercent: z.number(),
  enrolledAt: IsoDate,
  completedAt: IsoDate.nullable(),
});
const ItemResult = z.object({
  idempotencyKey: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  code: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  message: z.string().optional().meta({ description: 'Localized reason, for rejected items' }),
});
const QuizAttempt = z.object({
  enrolmentId: z.string(),
  lessonKey: z.string(),
  attempt: z.int().min(1),
  score: z.number(),
  passed: z.boolean(),
  passingScore: z.number(),
  bestScore: z.number(),
  quizPassed: z.boolean(),
  attemptsLeft: z.int().min(0).nullable(),
  questions: z.array(z.object({ key: z.string(), correct: z.boolean(), feedback: Picked.nullable() })),
  enrolment: Enrolment,
});

/** Enrolment, cohorts, progress and quizzes. */
export const enrolmentDocs = moduleDocs({
  tag: 'enrolment',
  description: 'Enrolment in courses and cohorts, progress tracking and quizzes; see docs/learning.md',
  routes: {
    'POST /api/courses/:slug/enrolments': {
      id: 'enrol',
      summary: 'Enrol in a course (or a cohort of it); idempotent per learner',
      responses: {
        201: { description: 'Enrolled', schema: data(Enrolment) },
        200: { description: 'Already enrolled (or re-enrolled)', schema: data(Enrolment) },
      },
      errors: [409],
    },
    'GET /api/courses/:slug/enrolments': {
      id: 'getCourseRoster',
      summary: 'The course roster (authors and staff), as JSON or CSV (`format=csv`)',
      responses: {
        200: {
          description: 'Roster rows',
          schema: paged(z.array(RosterRow)),
          media: { 'text/csv': {} },
        },
      },
    },
    'GET /api/courses/:slug/cohorts': {
      id: 'listCohorts',
      summary: 'A course’s cohorts with seats left',
      responses: { 200: { description: 'Cohorts', schema: data(z.array(Cohort)) } },
    },
    'POST /api/courses/:slug/cohorts': {
      id: 'createCohort',
      summary: 'Create a cohort (authors and staff)',
      responses: { 201: { description: 'Created', schema: data(Cohort) } },
      errors: [409],
    },
    'GET /api/me/enrolments': {
      id: 'listMyEnrolments',
      summary: 'My learning: enrolments with progress and the next lesson',
      responses: { 200: { description: 'Enrolments', schema: data(z.array(Enrolment)) } },
    },
    'GET /api/enrolments/:id': {
      id: 'getEnrolment',
      summary: 'One of my enrolments',
      responses: { 200: { description: 'The enrolment', schema: data(Enrolment) } },
    },
    'DELETE /api/enrolments/:id': {
      id: 'withdrawEnrolment',
      summary: 'Withdraw (kept in history; progress is kept)',
      responses: { 200: { description: 'Withdrawn', schema: data(Enrolment) } },
      errors: [409],
    },
    'POST /api/enrolments/:id/progress': {
      id: 'recordProgress',
      summary: 'Record progress events (batch, idempotent per event key)',
      responses: {
        200: {
          description:
            'Per-event outcome and the enrolment with the accepted completions (events are applied after they are stored; a course completion appears once recorded)',
          schema: data(z.object({ results: z.array(ItemResult), enrolment: Enrolment })),
        },
      },
      errors: [409, 429],
    },
    'POST /api/enrolments/:id/quiz-attempts': {
      id: 'submitQuizAttempt',
      summary: 'Submit a quiz attempt; scored at once',
      responses: { 201: { description: 'Scored attempt', schema: data(QuizAttempt) } },
      errors: [409],
    },
  },
});
