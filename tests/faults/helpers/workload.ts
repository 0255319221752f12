import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import request from 'supertest';
import { createCourse, progressEvent } from '../../fixtures/learning';
import { createUser, type TestUser } from '../../helpers/auth';
import type { TestContext } from '../../helpers/test-app';
import type { Operation, Outcome, PlannedRequest } from './load';

const LANGUAGES = ['en', 'ar', 'ru', 'zh'] as const;

/** What the mixed workload reads and writes, created through the in-process runtime. */
export interface Fixture {
  readonly learner: TestUser;
  readonly courses: readonly string[];
  readonly enrolmentId: string;
  readonly threadId: string;
  /** Marks this run's feedback messages, so they can be found again. */
  readonly tag: string;
}

/** One learner, `courses` published courses (one is enrolled), a forum category and thread. */
export async function createFixture(ctx: TestContext, courses: number): Promise<Fixture> {
  const [learner, staff] = await Promise.all([createUser(ctx), createUser(ctx, { roles: ['staff'] })]);
  const slugs: string[] = [];
  // One at a time: parallel inserts race on the catalog's sequence claims.
  for (let i = 0; i < courses; i++) slugs.push((await createCourse(ctx)).slug);
  const enrolled = await request(ctx.app)
    .post(`/api/courses/${slugs[0]}/enrolments`)
    .set(learner.authHeader)
    .send({});
  const category = await request(ctx.app)
    .post('/api/forum/categories')
    .set(staff.authHeader)
    .send({
      key: `faults-${randomBytes(3).toString('hex')}`,
      kind: 'topic',
      scope: 'faults',
      title: { en: 'Faults' },
      defaultLanguage: 'en',
    });
  const thread = await request(ctx.app).post('/api/forum/threads').set(learner.authHeader).send({
    categoryId: category.body.data.id,
    title: 'Under load',
    body: 'The first post of the fault thread.',
  });
  if (enrolled.status !== 201 || thread.status !== 201)
    throw new Error(`fixture: ${enrolled.status} ${thread.status} ${JSON.stringify(thread.body)}`);
  return {
    learner,
    courses: slugs,
    enrolmentId: enrolled.body.data.id,
    threadId: thread.body.data.thread.id,
    tag: randomBytes(4).toString('hex'),
  };
}

const dataId = (body: unknown) => (body as { data?: { id?: string } } | undefined)?.data?.id;

/** Catalog and forum reads in four languages; feedback, enrolment, progress and forum writes. */
export function mixedOperations(f: Fixture): Operation[] {
  let n = 0;
  let nextCourse = 1;
  let enrolTurns = 0;
  const auth = f.learner.authHeader;
  const lang = () => LANGUAGES[n++ % LANGUAGES.length] as string;
  const read = (kind: string, path: () => string): Operation => ({
    kind,
    write: false,
    next: () => ({ method: 'GET', path: path(), headers: { 'Accept-Language': lang() } }),
  });
  const write = (kind: string, plan: () => PlannedRequest | null): Operation => ({
    kind,
    write: true,
    next: plan,
  });
  return [
    read('catalog', () => `/api/courses?pageSize=5&lang=${lang()}`),
    write('feedback', () => {
      const message = `fault ${f.tag} ${++n}`;
      return { method: 'POST', path: '/api/feedback', body: { message }, attemptId: message, ackId: dataId };
    }),
    read('course', () => `/api/courses/${f.courses[n % f.courses.length]}`),
    // Every third turn only: each enrolment uses up a course.
    write('enrolment', () => {
      if (++enrolTurns % 3) return null;
      const slug = f.courses[nextCourse++];
      if (!slug) return null;
      return {
        method: 'POST',
        path: `/api/courses/${slug}/enrolments`,
        headers: auth,
        body: {},
        ackId: dataId,
      };
    }),
    read('thread', () => `/api/forum/threads/${f.threadId}`),
    write('progress', () => {
      const event = progressEvent(n % 2 ? 'l1' : 'l2', 'lesson_started');
      return {
        method: 'POST',
        path: `/api/enrolments/${f.enrolmentId}/progress`,
        headers: auth,
        body: event,
        attemptId: event.idempotencyKey,
        ackId: (b) => (accepted(b) ? event.idempotencyKey : undefined),
      };
    }),
    write('forum-post', () => ({
      method: 'POST',
      path: `/api/forum/threads/${f.threadId}/posts`,
      headers: auth,
      body: { body: `Reply ${f.tag} ${++n} under load.` },
      ackId: dataId,
    })),
  ];
}

function accepted(body: unknown): boolean {
  const results = (body as { data?: { results?: { status: string }[] } } | undefined)?.data?.results;
  return results?.[0]?.status === 'accepted';
}

/** Per kind of write: the acknowledged ids and the ids stored in the database. */
export interface WriteCheck {
  readonly acknowledged: string[];
  readonly stored: string[];
  readonly attempted: number;
}

/** Reads back, through a separate driver connection, what each kind of write left in the database. */
export async function storedWrites(db: Db, f: Fixture, outcomes: readonly Outcome[]) {
  const acked = (kind: string) =>
    outcomes.filter((o) => o.kind === kind && o.ackId).map((o) => o.ackId as string);
  const attempted = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
  const ids = async (collection: string, filter: object) =>
    (await db.collection(collection).find(filter).toArray()).map((d) => String(d._id));
  const check = async (kind: string, stored: Promise<string[]>): Promise<[string, WriteCheck]> => [
    kind,
    { acknowledged: acked(kind).sort(), stored: (await stored).sort(), attempted: attempted(kind) },
  ];
  const feedbackIds = ids('feedback', { message: { $regex: `^fault ${f.tag} ` } });
  const enrolments = (await db.collection('enrolments').find({ userId: f.learner.user.id }).toArray())
    .filter((d) => d.courseSlug !== f.courses[0])
    .map((d) => String(d._id));
  return Object.fromEntries(
    await Promise.all([
      check('feedback', feedbackIds),
      check('enrolment', Promise.resolve(enrolments)),
      // A progress record's _id is `<enrolment id>:<idempotency key>`.
      check(
        'progress',
        ids('progress_events', { enrolmentId: f.enrolmentId, type: 'lesson_started' }).then((all) =>
          all.map((id) => id.slice(f.enrolmentId.length + 1)),
        ),
      ),
      check('forum-post', ids('forum_posts', { threadId: f.threadId, body: { $regex: `^Reply ${f.tag} ` } })),
    ]),
  ) as Record<string, WriteCheck>;
}
