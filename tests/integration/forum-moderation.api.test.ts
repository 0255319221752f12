import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { unsafeIn, XSS_PAYLOADS } from '../unit/forum/xss-corpus';
import { createCategory, reply, startThread } from './forum.fixtures';

let ctx: TestContext;
let staff: TestUser;
let arabicModerator: TestUser;
let amina: TestUser;
let ivan: TestUser;
let li: TestUser;
let category: { id: string };

beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { FORUM_POSTS_PER_WINDOW: '1000' } });
  [staff, arabicModerator, amina, ivan, li] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['moderator'], preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'ar', country: 'EG' }),
    createUser(ctx, { preferredLanguage: 'ru', country: 'KZ' }),
    createUser(ctx, { preferredLanguage: 'zh', country: 'CN' }),
  ]);
  category = await createCategory(ctx, staff);
});
afterAll(() => ctx.close());

const mod = (path: string, body: Record<string, unknown>, who = arabicModerator) =>
  request(ctx.app).post(path).set(who.authHeader).send(body);
const audit = (targetId: string) =>
  ctx.db.collection('audit_log').find({ targetId }).sort({ at: 1 }).toArray();
const search = async (q: string) => {
  await ctx.services.forum.idle(); // replies reach the index through the background announcement
  await ctx.searchSync.runOnce();
  const res = await request(ctx.app).get('/api/search').query({ q, type: 'thread' }).expect(200);
  return res.body.data.items.map((i: { slug: string }) => i.slug) as string[];
};

describe('reports and the moderation queue', () => {
  it('lists reported posts, the moderator’s languages first, filterable by language and category', async () => {
    const ru = await startThread(ctx, ivan, category.id, 'Реклама', 'Купите наши курсы');
    const ar = await startThread(ctx, amina, category.id, 'إعلان', 'اشتروا دوراتنا');
    const zh = await startThread(ctx, li, category.id, '广告', '购买我们的课程');
    for (const [who, post] of [
      [li, ru.post.id],
      [ivan, ar.post.id],
      [li, ar.post.id],
      [amina, zh.post.id],
    ] as const) {
      await request(ctx.app)
        .post(`/api/forum/posts/${post}/reports`)
        .set(who.authHeader)
        .send({ reason: 'spam' })
        .expect(201);
    }
    const again = await request(ctx.app)
      .post(`/api/forum/posts/${ru.post.id}/reports`)
      .set(li.authHeader)
      .send({ reason: 'abuse' });
    expect(again.status).toBe(200);
    expect(await ctx.db.collection('forum_reports').countDocuments({ postId: ru.post.id })).toBe(1);

    const queue = await request(ctx.app)
      .get('/api/forum/moderation/queue')
      .set(arabicModerator.authHeader)
      .expect(200);
    expect(queue.body.data[0]).toMatchObject({
      kind: 'report',
      reportCount: 2,
      reasons: [{ reason: 'spam', count: 2, label: 'رسائل مزعجة أو إعلانات' }],
      post: { id: ar.post.id, lang: 'ar', dir: 'rtl' },
    });
    const russianFirst = await request(ctx.app)
      .get('/api/forum/moderation/queue?languages=ru,zh')
      .set(arabicModerator.authHeader)
      .expect(200);
    expect(russianFirst.body.data.slice(0, 2).map((i: { post: { id: string } }) => i.post.id)).toEqual([
      ru.post.id,
      zh.post.id,
    ]);
    const onlyZh = await request(ctx.app)
      .get(`/api/forum/moderation/queue?lang=zh&categoryId=${category.id}`)
      .set(arabicModerator.authHeader)
      .expect(200);
    expect(onlyZh.body.data.map((i: { post: { id: string } }) => i.post.id)).toEqual([zh.post.id]);
    expect(onlyZh.body.pagination).toMatchObject({ page: 1, total: 1 });
    await request(ctx.app).get('/api/forum/moderation/queue').set(ivan.authHeader).expect(403);
  });
});

describe('hiding posts', () => {
  it('never serves or indexes a hidden post to non-moderators, and audits each action', async () => {
    const t = await startThread(
      ctx,
      ivan,
      category.id,
      'Методика проектов',
      'Проектное обучение в сельских школах',
    );
    const bad = await reply(ctx, li, t.thread.id, '垃圾广告 独特词汇').expect(201);
    expect(await search('独特词汇')).toEqual([t.thread.id]);

    const hidden = await mod(`/api/forum/posts/${bad.body.data.id}/moderation`, {
      action: 'hide',
      reason: 'spam',
    }).expect(200);
    expect(hidden.body.data).toMatchObject({ status: 'hidden', moderation: { reason: 'spam' } });
    expect(
      await ctx.db.collection('forum_posts').findOne({ _id: new ObjectId(bad.body.data.id) }),
    ).toMatchObject({ status: 'hidden', moderationReason: 'spam' });
    expect(
      await ctx.db.collection('forum_threads').findOne({ _id: new ObjectId(t.thread.id) }),
    ).toMatchObject({ postCount: 1 });

    for (const who of [undefined, ivan, li]) {
      const req = request(ctx.app).get(`/api/forum/threads/${t.thread.id}`);
      if (who) req.set(who.authHeader);
      const page = await req.expect(200);
      expect(page.body.data.posts.map((p: { id: string }) => p.id)).toEqual([t.post.id]);
    }
    await request(ctx.app)
      .post(`/api/forum/posts/${bad.body.data.id}/reactions`)
      .set(ivan.authHeader)
      .send({})
      .expect(404);
    const asMod = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(arabicModerator.authHeader)
      .expect(200);
    expect(asMod.body.data.posts.map((p: { status: string }) => p.status)).toEqual(['visible', 'hidden']);
    expect(await search('独特词汇')).toEqual([]);
    expect(await search('сельских')).toEqual([t.thread.id]);

    await mod(`/api/forum/posts/${bad.body.data.id}/moderation`, {
      action: 'unhide',
      reason: 'appeal accepted',
    }).expect(200);
    expect(await search('独特词汇')).toEqual([t.thread.id]);
    const again = await mod(`/api/forum/posts/${bad.body.data.id}/moderation`, {
      action: 'unhide',
      reason: 'twice',
    }).expect(409);
    expect(again.body.code).toBe('invalid_state_transition');
    expect((await audit(bad.body.data.id)).map((a) => [a.action, a.actorId, a.details.reason])).toEqual([
      ['forum.post.hide', arabicModerator.user.id, 'spam'],
      ['forum.post.unhide', arabicModerator.user.id, 'appeal accepted'],
    ]);
  });

  it('hides a whole thread when its opening post is hidden', async () => {
    const t = await startThread(ctx, amina, category.id, 'موضوع مخفي', 'كلمةنادرة');
    await mod(`/api/forum/posts/${t.post.id}/moderation`, { action: 'hide', reason: 'abuse' }).expect(200);
    await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).set(ivan.authHeader).expect(404);
    const list = await request(ctx.app)
      .get(`/api/forum/categories/${category.id}/threads?limit=100`)
      .expect(200);
    expect(list.body.data.threads.map((x: { id: string }) => x.id)).not.toContain(t.thread.id);
    expect(await search('كلمةنادرة')).toEqual([]);
  });
});

describe('thread actions', () => {
  it('locks, pins, moves and deletes with reasons, each audited', async () => {
    const other = await createCategory(ctx, staff, { title: { ru: 'Другое' }, defaultLanguage: 'ru' });
    const t = await startThread(ctx, ivan, category.id, 'Перенос', 'Текст темы');
    await mod(`/api/forum/threads/${t.thread.id}/moderation`, { action: 'move', reason: 'off topic' }).expect(
      400,
    );
    const moved = await mod(`/api/forum/threads/${t.thread.id}/moderation`, {
      action: 'move',
      reason: 'off topic',
      categoryId: other.id,
    }).expect(200);
    expect(moved.body.data.categoryId).toBe(other.id);
    expect(await ctx.db.collection('forum_posts').findOne({ _id: new ObjectId(t.post.id) })).toMatchObject({
      categoryId: other.id,
    });
    expect(
      await ctx.db.collection('forum_categories').findOne({ _id: new ObjectId(other.id) }),
    ).toMatchObject({ threadCount: 1 });
    await mod(`/api/forum/threads/${t.thread.id}/moderation`, { action: 'lock', reason: 'done' }).expect(200);
    await mod(`/api/forum/threads/${t.thread.id}/moderation`, {
      action: 'delete',
      reason: 'duplicate',
    }).expect(200);
    await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).expect(404);
    expect((await audit(t.thread.id)).map((a) => [a.action, a.details.reason])).toEqual([
      ['forum.thread.move', 'off topic'],
      ['forum.thread.lock', 'done'],
      ['forum.thread.delete', 'duplicate'],
    ]);
    const denied = await mod(
      `/api/forum/threads/${t.thread.id}/moderation`,
      { action: 'pin', reason: 'x' },
      ivan,
    );
    expect(denied.status).toBe(403);
  });

  it('lets authors delete their own posts and moderators anyone’s, with a reason', async () => {
    const t = await startThread(ctx, li, category.id, '删除', '内容');
    const r = await reply(ctx, ivan, t.thread.id, 'Удалю сам').expect(201);
    await request(ctx.app).delete(`/api/forum/posts/${r.body.data.id}`).set(li.authHeader).expect(403);
    await request(ctx.app).delete(`/api/forum/posts/${r.body.data.id}`).set(ivan.authHeader).expect(204);
    const r2 = await reply(ctx, ivan, t.thread.id, 'Ещё').expect(201);
    await request(ctx.app)
      .delete(`/api/forum/posts/${r2.body.data.id}?reason=insult`)
      .set(arabicModerator.authHeader)
      .expect(204);
    expect(
      await ctx.db.collection('forum_posts').findOne({ _id: new ObjectId(r2.body.data.id) }),
    ).toMatchObject({ status: 'deleted', moderationReason: 'insult' });
    expect((await audit(r2.body.data.id)).map((a) => a.action)).toEqual(['forum.post.deleted']);
    const page = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(arabicModerator.authHeader)
      .expect(200);
    expect(page.body.data.posts).toHaveLength(1);
  });
});

describe('script injection through the API', () => {
  it('stores and serves only sanitized HTML for every payload, in titles too', async () => {
    const t = await startThread(
      ctx,
      amina,
      category.id,
      '<script>alert(1)</script>عنوان <img src=x onerror=alert(1)>',
      'نص',
    );
    expect(t.thread).toMatchObject({ title: 'عنوان' });
    for (const payload of XSS_PAYLOADS) await reply(ctx, amina, t.thread.id, payload).expect(201);
    const page = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}?limit=100`)
      .set(ivan.authHeader)
      .expect(200);
    expect(page.body.data.posts).toHaveLength(XSS_PAYLOADS.length + 1);
    for (const p of page.body.data.posts) {
      expect(p).not.toHaveProperty('body');
      expect(unsafeIn(p.html)).toBeNull();
    }
    const stored = await ctx.db.collection('forum_posts').find({ threadId: t.thread.id }).toArray();
    for (const doc of stored) expect(unsafeIn(doc.html)).toBeNull();
    expect(JSON.stringify(page.body)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('outreach events', () => {
  it('records one forum_thread and one forum_post event per visible post', async () => {
    const t = await startThread(ctx, li, category.id, '统计', '内容');
    const r = await reply(ctx, ivan, t.thread.id, 'Ответ').expect(201);
    await ctx.services.forum.idle(); // replies are announced in the background
    const events = ctx.db.collection('stats_events');
    expect(await events.findOne({ _id: `forum_thread:${t.post.id}` as never })).toMatchObject({
      type: 'forum_thread',
      language: 'zh',
      country: 'CN',
    });
    expect(await events.findOne({ _id: `forum_post:${r.body.data.id}` as never })).toMatchObject({
      type: 'forum_post',
      language: 'ru',
      country: 'KZ',
    });
  });
});
