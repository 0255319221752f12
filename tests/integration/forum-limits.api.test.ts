import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createCategory, reply, startThread } from './forum.fixtures';

let ctx: TestContext;
let staff: TestUser;
let moderator: TestUser;
let newcomer: TestUser;
let follower: TestUser;
let category: { id: string };

beforeAll(async () => {
  ctx = await createTestContext(__filename, {
    env: { FORUM_APPROVAL_FIRST_POSTS: '1', FORUM_POSTS_PER_WINDOW: '3', FORUM_RATE_WINDOW_SECONDS: '3600' },
  });
  [staff, moderator, newcomer, follower] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['moderator'], preferredLanguage: 'ru' }),
    createUser(ctx, { preferredLanguage: 'ru' }),
    createUser(ctx, { preferredLanguage: 'ar' }),
  ]);
  category = await createCategory(ctx, staff);
});
afterAll(() => ctx.close());

describe('first posts of new accounts', () => {
  it('waits for approval: invisible to others, visible to its author, then announced', async () => {
    await request(ctx.app)
      .post('/api/forum/subscriptions')
      .set(follower.authHeader)
      .send({ categoryId: category.id })
      .expect(201);
    const t = await startThread(ctx, newcomer, category.id, 'Первая тема', 'Здравствуйте, коллеги!');
    expect(await ctx.db.collection('forum_posts').findOne({ _id: new ObjectId(t.post.id) })).toMatchObject({
      status: 'pending',
    });
    await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).set(follower.authHeader).expect(404);
    const own = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(newcomer.authHeader)
      .expect(200);
    expect(own.body.data.posts[0]).toMatchObject({ status: 'pending' });
    expect(await ctx.db.collection('notifications').countDocuments({ userId: follower.user.id })).toBe(0);

    const queue = await request(ctx.app)
      .get('/api/forum/moderation/queue')
      .set(moderator.authHeader)
      .expect(200);
    expect(queue.body.data[0]).toMatchObject({ kind: 'approval', post: { id: t.post.id, lang: 'ru' } });
    await request(ctx.app)
      .post(`/api/forum/posts/${t.post.id}/moderation`)
      .set(moderator.authHeader)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);

    await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).set(follower.authHeader).expect(200);
    expect(
      await ctx.db
        .collection('notifications')
        .countDocuments({ userId: follower.user.id, threadId: t.thread.id }),
    ).toBe(1);
    expect(
      await ctx.db.collection('audit_log').findOne({ action: 'forum.post.approve', targetId: t.post.id }),
    ).toBeTruthy();
    // Approved once: the next post is visible at once.
    const next = await reply(ctx, newcomer, t.thread.id, 'Второе сообщение').expect(201);
    expect(next.body.data.status).toBe('visible');
  });
});

describe('posting rate limit', () => {
  it('answers 429 with Retry-After past the limit per user, in the user’s language', async () => {
    const poster = await createUser(ctx, { roles: ['staff'], preferredLanguage: 'zh' });
    const t = await startThread(ctx, poster, category.id, '限流', '第一条');
    await reply(ctx, poster, t.thread.id, '第二条').expect(201);
    await reply(ctx, poster, t.thread.id, '第三条').expect(201);
    const limited = await reply(ctx, poster, t.thread.id, '第四条').expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.title).toMatch(/[\u4E00-\u9FFF]/);
    expect(await ctx.db.collection('forum_posts').countDocuments({ threadId: t.thread.id })).toBe(3);
    // Another user is not affected; moderators are not limited.
    await reply(ctx, moderator, t.thread.id, 'Модератор').expect(201);
  });
});
