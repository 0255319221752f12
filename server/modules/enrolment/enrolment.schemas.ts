import { z } from 'zod';
import { PROGRESS_TYPES } from './progress.model';

const Slug = z.string().min(1).max(200);
const Key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/);
const ObjectIdString = z.string().regex(/^[0-9a-f]{24}$/i);

export const CourseParams = z.strictObject({ slug: Slug });
export const EnrolmentParams = z.strictObject({ id: ObjectIdString });

export const EnrolBody = z.strictObject({ cohortId: ObjectIdString.optional() }).default({});

export const CreateCohortBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    enrolmentOpensAt: z.coerce.date(),
    enrolmentClosesAt: z.coerce.date(),
    capacity: z.number().int().min(1).max(100_000),
    facilitatorIds: z.array(ObjectIdString).max(50).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.endsAt <= c.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], params: { code: 'cohort_ends_before_start' } });
    if (c.enrolmentClosesAt <= c.enrolmentOpensAt)
      ctx.addIssue({
        code: 'custom',
        path: ['enrolmentClosesAt'],
        params: { code: 'cohort_ends_before_start' },
      });
  });

export const RosterQuery = z.strictObject({
  cohortId: ObjectIdString.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.string().optional(),
});

/** One progress event; `occurredAt` is an ISO 8601 instant with an offset. */
export const ProgressItemBody = z.strictObject({
  type: z.enum(PROGRESS_TYPES),
  lessonKey: Key,
  idempotencyKey: z.string().min(8).max(100),
  occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

/**
 * Either one event or `{ events: [...] }` (an offline client's batch, at most 100). A single
 * event is read as a batch of one marked `single` (its issues are reported under `events/0`).
 */
export const ProgressBody = z.preprocess(
  (b) =>
    b && typeof b === 'object' && !Array.isArray(b) && !('events' in b) ? { events: [b], single: true } : b,
  z.strictObject({
    events: z.array(ProgressItemBody).min(1).max(100),
    single: z.literal(true).optional(),
  }),
);

export const QuizAttemptBody = z.strictObject({
  lessonKey: Key,
  answers: z
    .array(z.strictObject({ question: Key, options: z.array(Key).max(20) }))
    .min(1)
    .max(100),
});

export const LangQuery = z.strictObject({ lang: z.string().optional() });
