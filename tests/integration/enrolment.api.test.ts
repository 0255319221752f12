import request from 'supertest';
import { seedContent } from '../../scripts/seed';
import { createCourse } from '../fixtures/learning';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let staff: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await seedContent(ctx.services);
  staff = await createUser(ctx, { roles: ['staff'] });
});
afterAll(() => ctx.close());

const enrol = (user: TestUser, slug: string, body: object = {}) =>
  request(ctx.app).post(`/api/courses/${slug}/enrolments`).set(user.authHeader).send(body);

async function createCohort(
  slug: string,
  capacity: number,
  options: { open?: boolean; facilitatorIds?: string[] } = {},
) {
  const day = 86_400_000;
  const now = Date.now();
  const res = await request(ctx.app)
    .post(`/api/courses/${slug}/cohorts`)
    .set(staff.authHeader)
    .send({
      name: `Cohort of ${capacity}`,
      startsAt: new Date(now + 7 * day).toISOString(),
      endsAt: new Date(now + 37 * day).toISOString(),
      enrolmentOpensAt: new Date(options.open === false ? now + day : now - day).toISOString(),
      enrolmentClosesAt: new Date(now + 6 * day).toISOString(),
      capacity,
      facilitatorIds: options.facilitatorIds ?? [],
    });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

describe('POST /api/courses/:slug/enrolments', () => {
  it('enrols in a seeded course, records one event with the learner profile, and is idempotent', async () => {
    const learner = await createUser(ctx, {
      country: 'EG',
      audience: 'school-psychologist',
      gender: 'female',
      preferredLanguage: 'ar',
    });
    const slug = 'preventing-bullying-and-cyberbullying';
    const first = await enrol(learner, slug);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ status: 'active', completedAt: null, progress: { percent: 0 } });
    expect(first.body.data.course.title.lang).toBe('ar');
    const again = await enrol(learner, slug);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(first.body.data.id);

    const stored = await ctx.db
      .collection('enrolments')
      .find({ courseSlug: slug, userId: learner.user.id })
      .toArray();
    expect(stored).toHaveLength(1);
    await ctx.services.learning.idle();
    const facts = await ctx.db
      .collection('learning_facts')
      .find({ type: 'enrolment', courseSlug: slug })
      .toArray();
    expect(facts.map((f) => f.delivered)).toEqual([true]);
    const events = await ctx.db
      .collection('stats_events')
      .find({ type: 'enrolment', course: slug })
      .toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      country: 'EG',
      audience: 'school-psychologist',
      gender: 'female',
      language: 'ar',
    });
    expect(events[0]?.userKey).not.toContain(learner.user.id);
    expect(events[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('20 concurrent calls create exactly one enrolment and one event', async () => {
    const learner = await createUser(ctx);
    const course = await createCourse(ctx);
    const responses = await Promise.all(Array.from({ length: 20 }, () => enrol(learner, course.slug)));
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(1);
    expect(await ctx.db.collection('enrolments').countDocuments({ courseSlug: course.slug })).toBe(1);
    await ctx.services.learning.idle();
    expect(await ctx.db.collection('stats_events').countDocuments({ course: course.slug })).toBe(1);
  });

  it('refuses drafts (404), archived courses (409) and unknown courses (404)', async () => {
    const learner = await createUser(ctx);
    const draft = await enrol(learner, 'integrating-ai-assistants-and-chatbots-in-higher-education');
    expect(draft.status).toBe(404);
    expect(draft.body.code).toBe('course_not_found');
    const archived = await createCourse(ctx, { state: 'archived' });
    const res = await enrol(learner, archived.slug);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('course_archived');
    expect((await enrol(learner, 'no-such-course')).status).toBe(404);
    expect(await ctx.db.collection('enrolments').countDocuments({ userId: learner.user.id })).toBe(0);
  });

  it('requires a signed-in user', async () => {
    const res = await request(ctx.app)
      .post('/api/courses/preventing-bullying-and-cyberbullying/enrolments')
      .send({});
    expect(res.status).toBe(401);
  });
});

describe('cohorts of facilitated courses', () => {
  it('fills a cohort atomically: capacity 2, five learners at once → two enrolled, three 409 cohort_full', async () => {
    const course = await createCourse(ctx, { format: 'facilitated' });
    const cohortId = await createCohort(course.slug, 2);
    const learners = await Promise.all(Array.from({ length: 5 }, () => createUser(ctx)));
    const responses = await Promise.all(learners.map((l) => enrol(l, course.slug)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'cohort_full')).toBe(true);
    expect(await ctx.db.collection('enrolments').countDocuments({ courseSlug: course.slug, cohortId })).toBe(
      2,
    );
    expect(await ctx.db.collection('cohort_seats').countDocuments({ cohortId })).toBe(2);
    const listed = await request(ctx.app).get(`/api/courses/${course.slug}/cohorts`);
    expect(listed.body.data[0]).toMatchObject({ id: cohortId, capacity: 2, seatsLeft: 0 });
  });

  it('enrols the seeded facilitated course in its open cohort; closed windows are 409 enrolment_closed', async () => {
    const slug = 'social-emotional-learning-in-the-classroom';
    const learner = await createUser(ctx);
    const closed = await enrol(learner, slug);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('enrolment_closed');
    await createCohort(slug, 10, { open: false });
    expect((await enrol(learner, slug)).body.code).toBe('enrolment_closed');
    const open = await createCohort(slug, 10);
    const res = await enrol(learner, slug, { cohortId: open });
    expect(res.status).toBe(201);
    expect(res.body.data.cohortId).toBe(open);
    const cohorts = await request(ctx.app).get(`/api/courses/${slug}/cohorts`);
    expect(cohorts.body.data.find((c: { id: string }) => c.id === open).seatsLeft).toBe(9);
  });

  it('refuses a cohort id for a self-paced course (400)', async () => {
    const learner = await createUser(ctx);
    const course = await createCourse(ctx);
    const res = await enrol(learner, course.slug, { cohortId: '0123456789abcdef01234567' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('cohort_not_applicable');
  });
});

describe('withdrawal keeps the history', () => {
  it('withdraws, frees the seat, and re-enrolment restores the same enrolment without a second event', async () => {
    const course = await createCourse(ctx, { format: 'facilitated' });
    await createCohort(course.slug, 1);
    const learner = await createUser(ctx);
    const other = await createUser(ctx);
    const first = await enrol(learner, course.slug);
    const id = first.body.data.id as string;
    expect((await enrol(other, course.slug)).body.code).toBe('cohort_full');

    expect((await request(ctx.app).delete(`/api/enrolments/${id}`).set(other.authHeader)).status).toBe(403);
    const out = await request(ctx.app).delete(`/api/enrolments/${id}`).set(learner.authHeader);
    expect(out.status).toBe(200);
    expect(out.body.data.status).toBe('withdrawn');
    expect((await request(ctx.app).delete(`/api/enrolments/${id}`).set(learner.authHeader)).body.code).toBe(
      'enrolment_not_active',
    );
    const back = await enrol(learner, course.slug);
    expect(back.status).toBe(200);
    expect(back.body.data.id).toBe(id);
    expect(back.body.data.status).toBe('active');
    expect(back.body.data.history.map((h: { action: string }) => h.action)).toEqual([
      'enrolled',
      'withdrawn',
      're-enrolled',
    ]);
    await ctx.services.learning.idle();
    expect(
      await ctx.db.collection('stats_events').countDocuments({ type: 'enrolment', course: course.slug }),
    ).toBe(1);
  });
});

describe('parallel re-enrolment', () => {
  it('keeps exactly one seat when a withdrawn learner re-enrols five times at once', async () => {
    const course = await createCourse(ctx, { format: 'facilitated' });
    const cohortId = await createCohort(course.slug, 3);
    const learner = await createUser(ctx);
    const id = (await enrol(learner, course.slug)).body.data.id;
    await request(ctx.app).delete(`/api/enrolments/${id}`).set(learner.authHeader);
    const again = await Promise.all(Array.from({ length: 5 }, () => enrol(learner, course.slug)));
    expect(again.every((r) => r.status === 200 && r.body.data.id === id)).toBe(true);
    expect(await ctx.db.collection('cohort_seats').countDocuments({ cohortId })).toBe(1);
    const stored = await ctx.db.collection('enrolments').findOne({ courseSlug: course.slug });
    expect(stored?.status).toBe('active');
    expect(await ctx.db.collection('cohort_seats').countDocuments({ _id: stored?.seatId })).toBe(1);
  });
});

describe('GET /api/me/enrolments and rosters', () => {
  it('lists my learning with progress, next lesson and completion date', async () => {
    const learner = await createUser(ctx);
    const course = await createCourse(ctx);
    const id = (await enrol(learner, course.slug)).body.data.id;
    await request(ctx.app).post(`/api/enrolments/${id}/progress`).set(learner.authHeader).send({
      type: 'lesson_completed',
      lessonKey: 'l1',
      idempotencyKey: 'mine-l1-0001',
      occurredAt: new Date().toISOString(),
    });
    const res = await request(ctx.app).get('/api/me/enrolments').set(learner.authHeader);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id,
      completedAt: null,
      progress: { percent: 33, completedLessons: ['l1'] },
      nextLesson: { key: 'l2', moduleKey: 'm1', kind: 'text' },
    });
  });

  it('shows the roster to staff (JSON and CSV) and to a cohort facilitator, not to learners', async () => {
    const facilitator = await createUser(ctx, { roles: ['learner'] });
    const course = await createCourse(ctx, { format: 'facilitated' });
    const cohortId = await createCohort(course.slug, 5, { facilitatorIds: [facilitator.user.id] });
    const learner = await createUser(ctx, { displayName: '=HYPERLINK("x") Amina' });
    await enrol(learner, course.slug);
    const path = `/api/courses/${course.slug}/enrolments`;
    expect((await request(ctx.app).get(path).set(learner.authHeader)).status).toBe(403);
    const mine = await request(ctx.app).get(path).query({ cohortId }).set(facilitator.authHeader);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    const all = await request(ctx.app).get(path).set(staff.authHeader);
    expect(all.body.data[0]).toMatchObject({ userId: learner.user.id, cohortId, progressPercent: 0 });
    const csv = await request(ctx.app).get(path).query({ format: 'csv', lang: 'ru' }).set(staff.authHeader);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Имя');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") Amina"`);
  });
});
