import request from 'supertest';
import { enrolInNewCourse, postProgress, progressEvent, quizLesson, textLesson } from '../fixtures/learning';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const enrolled = (options: { lessons?: readonly unknown[]; user?: TestUser } = {}) =>
  enrolInNewCourse(ctx, options);
const progress = (user: TestUser, id: string, body: object) => postProgress(ctx, user, id, body);
const attempt = (user: TestUser, id: string, answer: string, lessonKey = 'q1') =>
  request(ctx.app)
    .post(`/api/enrolments/${id}/quiz-attempts`)
    .set(user.authHeader)
    .send({ lessonKey, answers: [{ question: 'k1', options: [answer] }] });
/** Counts statistics events once background delivery has finished. */
async function stats(filter: object): Promise<number> {
  await ctx.services.learning.idle();
  return ctx.db.collection('stats_events').countDocuments(filter);
}

describe('POST /api/enrolments/:id/progress', () => {
  it('records a completion once: replays are duplicates and change nothing', async () => {
    const { user, id, course } = await enrolled();
    const event = progressEvent('l1');
    const first = await progress(user, id, event);
    expect(first.status).toBe(200);
    expect(first.body.data.results).toEqual([{ idempotencyKey: event.idempotencyKey, status: 'accepted' }]);
    expect(first.body.data.enrolment.progress).toMatchObject({ percent: 33, completedLessons: ['l1'] });
    const replay = await progress(user, id, event);
    expect(replay.body.data.results[0].status).toBe('duplicate');
    const again = await progress(user, id, progressEvent('l1'));
    expect(again.body.data.results[0].status).toBe('accepted');

    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(2);
    await ctx.services.learning.idle(); // facts are applied after the acknowledgement
    expect(
      await ctx.db.collection('learning_facts').countDocuments({ enrolmentId: id, type: 'lesson_completed' }),
    ).toBe(1);
    expect(await stats({ type: 'lesson_completed', course: course.slug })).toBe(1);
  });

  it('ten identical events sent at once are stored and counted once', async () => {
    const { user, id, course } = await enrolled();
    const event = progressEvent('l2');
    const responses = await Promise.all(Array.from({ length: 10 }, () => progress(user, id, event)));
    const statuses = responses.map((r) => r.body.data.results[0].status).sort();
    expect(statuses).toEqual(['accepted', ...Array(9).fill('duplicate')]);
    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(1);
    expect(await stats({ type: 'lesson_completed', course: course.slug })).toBe(1);
  });

  it('reports each item of a batch; nothing accepted is lost', async () => {
    const { user, id } = await enrolled();
    const future = new Date(Date.now() + 3 * 3600_000);
    const skewed = new Date(Date.now() + 60_000);
    const reused = progressEvent('l1');
    await progress(user, id, reused);
    const batch = [
      progressEvent('l1', 'lesson_started'),
      progressEvent('nope'),
      progressEvent('l2', 'lesson_completed', future),
      progressEvent('l2', 'lesson_completed', skewed),
      { ...reused, lessonKey: 'l2' },
      progressEvent('q1'),
    ];
    const res = await progress(user, id, { events: batch }).query({ lang: 'ru' });
    expect(res.status).toBe(200);
    expect(res.body.data.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'accepted',
      'lesson_not_in_course',
      'occurred_at_in_future',
      'accepted',
      'idempotency_key_reused',
      'quiz_completed_by_attempt',
    ]);
    expect(res.body.data.results[1].message).toContain('nope');
    expect(res.body.data.results[1].message).toMatch(/[а-я]/);
    const stored = await ctx.db.collection('progress_events').find({ enrolmentId: id }).toArray();
    expect(stored.map((r) => r._id).sort()).toEqual(
      [reused, batch[0], batch[3]]
        .map((e) => `${id}:${(e as { idempotencyKey: string }).idempotencyKey}`)
        .sort(),
    );
    expect(res.body.data.enrolment.progress.completedLessons.sort()).toEqual(['l1', 'l2']);
  });

  it('refuses a single bad event with 400: unknown lesson, far-future time, reused key', async () => {
    const { user, id } = await enrolled();
    const unknown = await progress(user, id, progressEvent('missing'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ code: 'lesson_not_in_course', path: ['lessonKey'] });
    const future = await progress(
      user,
      id,
      progressEvent('l1', 'lesson_completed', new Date(Date.now() + 86_400_000)),
    );
    expect(future.status).toBe(400);
    expect(future.body.errors[0].code).toBe('occurred_at_in_future');
    const malformed = await progress(user, id, {
      type: 'lesson_done',
      lessonKey: 'l1',
      idempotencyKey: 'x',
      occurredAt: 'yesterday',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.length).toBeGreaterThanOrEqual(3);
    const event = progressEvent('l1');
    await progress(user, id, event);
    const reused = await progress(user, id, { ...event, lessonKey: 'l2' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(1);
  });

  it("answers 403 for someone else's enrolment, 404 for an unknown one, 409 once withdrawn", async () => {
    const { user, id } = await enrolled();
    const other = await createUser(ctx);
    expect((await progress(other, id, progressEvent('l1'))).status).toBe(403);
    expect((await progress(user, '0123456789abcdef01234567', progressEvent('l1'))).status).toBe(404);
    await request(ctx.app).delete(`/api/enrolments/${id}`).set(user.authHeader);
    const res = await progress(user, id, progressEvent('l1'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('enrolment_not_active');
    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(0);
  });
});

describe('POST /api/enrolments/:id/quiz-attempts', () => {
  it('scores on the server, gives feedback in the learner language, limits attempts, keeps the best score', async () => {
    const user = await createUser(ctx, { preferredLanguage: 'ar' });
    const { id, course } = await enrolled({
      user,
      lessons: [textLesson('l1'), quizLesson('q1', { maxAttempts: 2 })],
    });
    const wrong = await attempt(user, id, 'wrong');
    expect(wrong.status).toBe(201);
    expect(wrong.body.data).toMatchObject({ score: 0, passed: false, attemptsLeft: 1, bestScore: 0 });
    expect(wrong.body.data.questions[0]).toMatchObject({ key: 'k1', correct: false });
    expect(wrong.body.data.questions[0].feedback).toMatchObject({
      value: 'لأنها الإجابة الصحيحة.',
      lang: 'ar',
      dir: 'rtl',
    });
    const right = await attempt(user, id, 'right');
    expect(right.body.data).toMatchObject({
      score: 100,
      passed: true,
      quizPassed: true,
      attemptsLeft: 0,
      bestScore: 100,
    });
    const third = await attempt(user, id, 'right');
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('quiz_attempts_exhausted');
    expect(await ctx.db.collection('quiz_attempts').countDocuments({ enrolmentId: id })).toBe(2);
    expect(await stats({ type: 'quiz_passed', course: course.slug })).toBe(1);
  });

  it('holds the attempt limit under concurrency', async () => {
    const { user, id } = await enrolled({ lessons: [quizLesson('q1', { maxAttempts: 3 })] });
    const responses = await Promise.all(Array.from({ length: 8 }, () => attempt(user, id, 'wrong')));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(5);
    expect(await ctx.db.collection('quiz_attempts').countDocuments({ enrolmentId: id })).toBe(3);
  });

  it('refuses unknown options and questions (400), non-quiz lessons and unknown lessons (400)', async () => {
    const { user, id } = await enrolled();
    const res = await attempt(user, id, 'maybe');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'unknown_option', path: ['answers', 0, 'options', 0] });
    expect((await attempt(user, id, 'right', 'l1')).body.errors[0].code).toBe('not_a_quiz');
    expect((await attempt(user, id, 'right', 'zz')).body.errors[0].code).toBe('lesson_not_in_course');
    expect(await ctx.db.collection('quiz_attempts').countDocuments({ enrolmentId: id })).toBe(0);
  });
});

describe('completion', () => {
  it('records completedAt once when every required lesson is done and the quiz passed', async () => {
    const { user, id, course } = await enrolled();
    await progress(user, id, { events: [progressEvent('l1'), progressEvent('l2')] });
    const before = await request(ctx.app).get(`/api/enrolments/${id}`).set(user.authHeader);
    expect(before.body.data.completedAt).toBeNull();
    const passed = await attempt(user, id, 'right');
    expect(passed.body.data.enrolment.completedAt).not.toBeNull();
    expect(passed.body.data.enrolment.progress.percent).toBe(100);
    await attempt(user, id, 'right');
    await progress(user, id, progressEvent('l1'));
    const facts = await ctx.db
      .collection('learning_facts')
      .find({ enrolmentId: id, type: 'course_completed' })
      .toArray();
    expect(facts).toHaveLength(1);
    const mine = await request(ctx.app).get('/api/me/enrolments').set(user.authHeader);
    expect(new Date(mine.body.data[0].completedAt).getTime()).toBe(facts[0]?.at.getTime());
    expect(await stats({ type: 'course_completed', course: course.slug })).toBe(1);
  });

  it('completes once when the last two lessons arrive in parallel requests', async () => {
    const { user, id, course } = await enrolled({
      lessons: [textLesson('a'), textLesson('b'), textLesson('c')],
    });
    await Promise.all(['a', 'b', 'c'].map((k) => progress(user, id, progressEvent(k))));
    expect(
      await ctx.db.collection('learning_facts').countDocuments({ enrolmentId: id, type: 'course_completed' }),
    ).toBe(1);
    expect(await stats({ type: 'course_completed', course: course.slug })).toBe(1);
  });
});

describe('crash recovery of events', () => {
  it('the sweep delivers facts left undelivered once, and drops an enrolment fact whose enrolment never landed', async () => {
    const { user, id, course } = await enrolled({ lessons: [textLesson('a'), textLesson('b')] });
    await progress(user, id, progressEvent('a'));
    await ctx.services.learning.idle();
    // As if the process had died between writing the fact and recording its event.
    const facts = ctx.db.collection('learning_facts');
    const old = new Date(Date.now() - 10 * 60_000);
    await facts.updateOne(
      { enrolmentId: id, type: 'lesson_completed' },
      { $set: { delivered: false, createdAt: old } },
    );
    const orphan = await facts.findOne({ type: 'enrolment', courseSlug: course.slug });
    await facts.insertOne({
      ...orphan,
      _id: `enrolment:${course.slug}:ghost`,
      userId: '0123456789abcdef01234567',
      delivered: false,
      createdAt: old,
    } as never);

    await ctx.services.learning.idle();
    await ctx.services.learning.sweep(new Date());
    await ctx.services.learning.sweep(new Date());
    expect(await facts.countDocuments({ delivered: false })).toBe(0);
    expect(await facts.countDocuments({ _id: `enrolment:${course.slug}:ghost` } as never)).toBe(0);
    expect(await stats({ type: 'lesson_completed', course: course.slug })).toBe(1);
    expect(await stats({ type: 'enrolment', course: course.slug })).toBe(1);
  });
});
