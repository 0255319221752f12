import request from 'supertest';
import { periodKey } from '../../server/modules/forum/digest.service';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createCategory, reply, startThread } from './forum.fixtures';

let ctx: TestContext;
let staff: TestUser;
let amina: TestUser;
let ivan: TestUser;
let li: TestUser;
let categoryId: string;

beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { FORUM_POSTS_PER_WINDOW: '1000' } });
  [staff, amina, ivan, li] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'ru' }),
    createUser(ctx, { preferredLanguage: 'zh' }),
  ]);
  categoryId = (await createCategory(ctx, staff)).id;
});
afterAll(() => ctx.close());

const mails = (to: string) => ctx.db.collection('mail_outbox').find({ to, kind: 'forum-digest' }).toArray();
const digests = () => ctx.db.collection('forum_digests');
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe('digest preferences', () => {
  it('are none until chosen, globally or per subscription', async () => {
    const none = await request(ctx.app).get('/api/forum/digest').set(li.authHeader).expect(200);
    expect(none.body.data).toEqual({ frequency: 'none' });
    await request(ctx.app)
      .put('/api/forum/digest')
      .set(li.authHeader)
      .send({ frequency: 'hourly' })
      .expect(400);
    await request(ctx.app)
      .put('/api/forum/digest')
      .set(li.authHeader)
      .send({ frequency: 'weekly' })
      .expect(200);
    expect((await request(ctx.app).get('/api/forum/digest').set(li.authHeader)).body.data.frequency).toBe(
      'weekly',
    );
    const sub = await request(ctx.app)
      .post('/api/forum/subscriptions')
      .set(li.authHeader)
      .send({ categoryId })
      .expect(201);
    const set = await request(ctx.app)
      .patch(`/api/forum/subscriptions/${sub.body.data.id}`)
      .set(li.authHeader)
      .send({ digest: 'daily' })
      .expect(200);
    expect(set.body.data).toMatchObject({ id: sub.body.data.id, digest: 'daily' });
    await request(ctx.app)
      .patch(`/api/forum/subscriptions/${sub.body.data.id}`)
      .set(ivan.authHeader)
      .send({ digest: 'none' })
      .expect(404);
    await request(ctx.app).get('/api/forum/digest').expect(401);
  });
});

describe('the digest job', () => {
  it('sends one email per user with their unread notifications, in their language, once per period', async () => {
    await request(ctx.app)
      .put('/api/forum/digest')
      .set(amina.authHeader)
      .send({ frequency: 'daily' })
      .expect(200);
    await request(ctx.app)
      .put('/api/forum/digest')
      .set(ivan.authHeader)
      .send({ frequency: 'daily' })
      .expect(200);
    const t = await startThread(ctx, amina, categoryId, 'التقويم المستمر', 'نص');
    await startThread(ctx, ivan, categoryId, 'Оценивание', 'Текст'); // ivan follows his own thread only
    for (const body of ['Ответ 1', 'Ответ 2', 'Ответ 3'])
      await reply(ctx, ivan, t.thread.id, body).expect(201);
    await ctx.services.forum.idle();

    const at = new Date();
    const first = await ctx.services.forum.digests.run('daily', at);
    // amina: three replies; li: two new threads (her category subscription is daily although her
    // global choice is weekly); ivan: nothing new for him.
    expect(first.sent).toBe(2);
    const [mail] = await mails(amina.user.email);
    expect(mail).toMatchObject({ lang: 'ar', subject: '3 مشاركات جديدة في المنتدى' });
    expect(mail?.text).toContain('التقويم المستمر');
    expect(mail?.text).toContain(`/forum/threads/${t.thread.id}#post-`);
    expect(await mails(ivan.user.email)).toHaveLength(0);
    expect(
      await digests().findOne({ _id: `${amina.user.id}:daily:${periodKey('daily', at)}` as never }),
    ).toMatchObject({
      status: 'sent',
      period: 'daily',
      notificationIds: expect.any(Array),
    });

    // Two workers at once, and a rerun: nothing more is sent for this day.
    const again = await Promise.all([
      ctx.services.forum.digests.run('daily', at),
      ctx.services.forum.digests.run('daily', new Date()),
    ]);
    expect(again.map((r) => r.sent)).toEqual([0, 0]);
    expect(await mails(amina.user.email)).toHaveLength(1);
  });

  it('covers only what is new and unread since the last digest, with the language’s plural form', async () => {
    await request(ctx.app)
      .put('/api/forum/digest')
      .set(ivan.authHeader)
      .send({ frequency: 'weekly' })
      .expect(200);
    const t = await startThread(ctx, ivan, categoryId, 'Проектная работа', 'Текст');
    await reply(ctx, amina, t.thread.id, 'رد أول').expect(201);
    await ctx.services.forum.idle();
    expect((await ctx.services.forum.digests.run('weekly', new Date())).sent).toBe(1);
    const [first] = await mails(ivan.user.email);
    expect(first).toMatchObject({ lang: 'ru', subject: '1 новое сообщение на форуме' });

    // Next week: one reply read in the app, two unread.
    for (const body of ['رد ثان', 'رد ثالث', 'رد رابع'])
      await reply(ctx, amina, t.thread.id, body).expect(201);
    await ctx.services.forum.idle();
    const list = await request(ctx.app)
      .get('/api/me/notifications?unread=true')
      .set(ivan.authHeader)
      .expect(200);
    await request(ctx.app)
      .post('/api/me/notifications/read')
      .set(ivan.authHeader)
      .send({ ids: [list.body.data.items[0].id] })
      .expect(200);
    await ctx.services.forum.digests.run('weekly', later(7 * 24 * 60));
    const sent = await mails(ivan.user.email);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.subject).toBe('2 новых сообщения на форуме');
  });

  it('names periods by UTC day and ISO week', () => {
    expect(periodKey('daily', new Date('2026-11-30T23:59:00Z'))).toBe('2026-11-30');
    expect(periodKey('weekly', new Date('2026-11-30T08:00:00Z'))).toBe('2026-W49');
    expect(periodKey('weekly', new Date('2027-01-01T08:00:00Z'))).toBe('2026-W53');
  });
});
