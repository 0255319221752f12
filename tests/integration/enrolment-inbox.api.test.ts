import request from 'supertest';
import { enrolInNewCourse, postProgress, progressEvent, textLesson } from '../fixtures/learning';
import { createUser, type TestUser } from '../helpers/auth';
import { anotherProcess, createTestContext, type TestContext } from '../helpers/test-app';

/** Progress ingestion is accept then apply (docs/learning.md): the inbox, the applier, the sweep. */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const lessons = [textLesson('a'), textLesson('b')];

const enrolled = () => enrolInNewCourse(ctx, { lessons });
const progress = (user: TestUser, id: string, body: object) => postProgress(ctx, user, id, body);
const facts = (filter: object) => ctx.db.collection('learning_facts').countDocuments(filter);
/** Counts statistics events once everything accepted is applied and delivered. */
async function counted(filter: object): Promise<number> {
  await ctx.services.learning.idle();
  return ctx.db.collection('stats_events').countDocuments(filter);
}
/** A record stored as an acknowledged event that its process never applied (it crashed). */
async function storeUnapplied(enrolmentId: string, lessonKey: string, receivedAt = new Date()) {
  const key = `crashed-${lessonKey}-${receivedAt.getTime()}`;
  await ctx.db.collection<{ _id: string; [field: string]: unknown }>('progress_events').insertOne({
    _id: `${enrolmentId}:${key}`,
    enrolmentId,
    type: 'lesson_completed',
    lessonKey,
    occurredAt: receivedAt,
    receivedAt,
    seq: 0,
  });
}
const MINUTE = 60_000;

describe('progress inbox', () => {
  it('twenty identical events posted at once: one record, one fact, counted once', async () => {
    const { user, id, course } = await enrolled();
    const event = progressEvent('a');
    const responses = await Promise.all(Array.from({ length: 20 }, () => progress(user, id, event)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const statuses = responses.map((r) => r.body.data.results[0].status).sort();
    expect(statuses).toEqual(['accepted', ...Array(19).fill('duplicate')]);
    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(1);
    expect(await counted({ type: 'lesson_completed', course: course.slug })).toBe(1);
    expect(await facts({ enrolmentId: id, type: 'lesson_completed' })).toBe(1);
  });

  it('a replay gets the same answer before and after the event is applied', async () => {
    const { user, id } = await enrolled();
    const event = progressEvent('a');
    expect((await progress(user, id, event)).body.data.results[0].status).toBe('accepted');
    const early = await progress(user, id, event);
    await ctx.services.learning.idle();
    const late = await progress(user, id, event);
    for (const replay of [early, late]) {
      expect(replay.status).toBe(200);
      expect(replay.body.data.results).toEqual([
        { idempotencyKey: event.idempotencyKey, status: 'duplicate' },
      ]);
      expect(replay.body.data.enrolment.progress.completedLessons).toEqual(['a']);
    }
    const reused = await progress(user, id, { ...event, lessonKey: 'b' });
    expect(reused.status).toBe(409);
    expect(await facts({ enrolmentId: id, type: 'lesson_completed' })).toBe(1);
  });

  it('applies in the order events were accepted: the first accepted completion of a lesson is its fact', async () => {
    const { user, id } = await enrolled();
    const later = new Date(Date.now() - MINUTE);
    const earlier = new Date(Date.now() - 10 * MINUTE);
    await progress(user, id, { events: [progressEvent('a', 'lesson_completed', later)] });
    await progress(user, id, {
      events: [progressEvent('a', 'lesson_completed', earlier), progressEvent('b', 'lesson_started')],
    });
    await ctx.services.learning.idle();
    const stored = await ctx.db.collection('learning_facts').findOne({ enrolmentId: id, lessonKey: 'a' });
    expect(stored?.at.getTime()).toBe(later.getTime());
  });

  it('reports a completion only once recorded, and records it before answering', async () => {
    const { user, id, course } = await enrolled();
    const first = await progress(user, id, progressEvent('a'));
    expect(first.body.data.enrolment).toMatchObject({ completedAt: null, progress: { percent: 50 } });
    const last = await progress(user, id, progressEvent('b'));
    expect(last.body.data.enrolment.completedAt).not.toBeNull();
    const completion = await ctx.db
      .collection('learning_facts')
      .findOne({ enrolmentId: id, type: 'course_completed' });
    expect(completion?.at.toISOString()).toBe(last.body.data.enrolment.completedAt);
    expect(await counted({ type: 'course_completed', course: course.slug })).toBe(1);
  });

  it("a learner's cached enrolment never lets someone else in", async () => {
    const { user, id } = await enrolled();
    await progress(user, id, progressEvent('a', 'lesson_started'));
    const other = await createUser(ctx);
    const res = await progress(other, id, progressEvent('b'));
    expect(res.status).toBe(403);
    expect(await ctx.db.collection('progress_events').countDocuments({ enrolmentId: id })).toBe(1);
  });

  it('reads apply what another process accepted and has not applied yet', async () => {
    const { user, id } = await enrolled();
    await storeUnapplied(id, 'b');
    const one = await request(ctx.app).get(`/api/enrolments/${id}`).set(user.authHeader);
    expect(one.body.data.progress.completedLessons).toEqual(['b']);
    expect(await facts({ enrolmentId: id, type: 'lesson_completed', lessonKey: 'b' })).toBe(1);
    const mine = await request(ctx.app).get('/api/me/enrolments').set(user.authHeader);
    expect(mine.body.data[0].progress.percent).toBe(50);
  });
});

describe('crash recovery of the inbox', () => {
  it('leaves records younger than the grace period to their own process', async () => {
    const { id } = await enrolled();
    await ctx.services.learning.sweep(new Date());
    await storeUnapplied(id, 'a');
    await ctx.services.learning.sweep(new Date());
    expect(await facts({ enrolmentId: id, type: 'lesson_completed' })).toBe(0);
  });

  it('the sweep applies records a crash left, completes the course, and counts nothing twice', async () => {
    const { user, id, course } = await enrolled();
    await ctx.services.learning.sweep(new Date()); // the watermark exists from here on
    await progress(user, id, progressEvent('a'));
    await ctx.services.learning.idle();
    await storeUnapplied(id, 'b');
    expect(await facts({ enrolmentId: id, type: 'lesson_completed', lessonKey: 'b' })).toBe(0);

    // Two minutes later (past the grace period), as the interval sweep would run it.
    await ctx.services.learning.sweep(new Date(Date.now() + 2 * MINUTE));
    expect(await facts({ enrolmentId: id, type: 'lesson_completed', lessonKey: 'b' })).toBe(1);
    expect(await facts({ enrolmentId: id, type: 'course_completed' })).toBe(1);
    expect(await counted({ type: 'course_completed', course: course.slug })).toBe(1);

    // A second sweep over the same records (its watermark moved back) changes nothing.
    await ctx.db
      .collection<{ _id: string }>('progress_sweeps')
      .updateOne({ _id: 'inbox' }, { $set: { through: new Date(Date.now() - MINUTE) } });
    await ctx.services.learning.sweep(new Date(Date.now() + 3 * MINUTE));
    expect(await facts({ enrolmentId: id })).toBe(3);
    expect(await counted({ type: 'lesson_completed', course: course.slug })).toBe(2);
    expect(await counted({ type: 'course_completed', course: course.slug })).toBe(1);
    const one = await request(ctx.app).get(`/api/enrolments/${id}`).set(user.authHeader);
    expect(one.body.data.progress.percent).toBe(100);
  });

  it("re-checks another process's records and a crash's, not the ones this process applied", async () => {
    const other = await anotherProcess(ctx);
    try {
      const { user, id, course } = await enrolled();
      const { id: second } = await enrolInNewCourse(ctx, { user, lessons });
      // The sweep's watermark just before this test's records (earlier tests' are not swept).
      await ctx.db
        .collection<{ _id: string }>('progress_sweeps')
        .updateOne({ _id: 'inbox' }, { $set: { through: new Date() } }, { upsert: true });
      await progress(user, id, progressEvent('a')); // applied here
      await progress(user, second, progressEvent('a')); // applied here
      await request(other.app) // applied by the other process
        .post(`/api/enrolments/${id}/progress`)
        .set(user.authHeader)
        .send({ events: [progressEvent('b')] })
        .expect(200);
      await Promise.all([ctx.services.learning.idle(), other.services.learning.idle()]);
      await storeUnapplied(second, 'b'); // accepted by a process that crashed
      expect(
        await ctx.db.collection('progress_events').countDocuments({ enrolmentId: { $in: [id, second] } }),
      ).toBe(4);

      const swept = await ctx.services.learning.sweep(new Date(Date.now() + 2 * MINUTE));
      expect(swept.records).toBe(2);
      for (const enrolmentId of [id, second])
        expect(await facts({ enrolmentId, type: 'lesson_completed' })).toBe(2);
      expect(await facts({ enrolmentId: { $in: [id, second] }, type: 'course_completed' })).toBe(2);
      expect(await counted({ type: 'lesson_completed', course: course.slug })).toBe(2);
      // The watermark moved past them: the next sweep checks none of them again.
      expect((await ctx.services.learning.sweep(new Date(Date.now() + 2 * MINUTE))).records).toBe(0);
    } finally {
      await other.close();
    }
  });
});
