import { ObjectId } from 'mongodb';
import request from 'supertest';
import { MARKDOWN_RENDERER_VERSION } from '../../server/shared/markdown';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createCategory, reply, startThread } from './forum.fixtures';

let ctx: TestContext;
let moderator: TestUser;
let amina: TestUser;
let ivan: TestUser;
let categoryId: string;

beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { FORUM_POSTS_PER_WINDOW: '1000' } });
  let staff: TestUser;
  [staff, moderator, amina, ivan] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['moderator'] }),
    createUser(ctx, { preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'ru' }),
  ]);
  categoryId = (await createCategory(ctx, staff, { defaultLanguage: 'ar' })).id;
});
afterAll(() => ctx.close());

const posts = () => ctx.db.collection('forum_posts');
const page = (threadId: string) => request(ctx.app).get(`/api/forum/threads/${threadId}`).expect(200);
const htmls = (res: request.Response) => res.body.data.posts.map((p: { html: string }) => p.html);

describe('the anonymous page cache', () => {
  it('shows edits, hides, likes and new replies at once, and answers 304 to a matching ETag', async () => {
    const t = await startThread(ctx, amina, categoryId, 'التقييم التكويني', 'النص الأول');
    const first = await page(t.thread.id);
    expect(first.headers.etag).toMatch(/^W\//);
    await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set('If-None-Match', String(first.headers.etag))
      .expect(304);

    await request(ctx.app)
      .patch(`/api/forum/posts/${t.post.id}`)
      .set(amina.authHeader)
      .send({ body: 'نص **معدّل**' })
      .expect(200);
    const edited = await page(t.thread.id);
    expect(htmls(edited)).toEqual(['<p>نص <strong>معدّل</strong></p>\n']);
    expect(edited.headers.etag).not.toBe(first.headers.etag);

    const r = await reply(ctx, ivan, t.thread.id, 'Согласен').expect(201);
    // Seen before the background announcement finished: the reply itself changed the page stamp.
    expect((await page(t.thread.id)).body.data.posts.map((p: { id: string }) => p.id)).toEqual([
      t.post.id,
      r.body.data.id,
    ]);

    await request(ctx.app)
      .post(`/api/forum/posts/${r.body.data.id}/reactions`)
      .set(amina.authHeader)
      .send({})
      .expect(201);
    expect((await page(t.thread.id)).body.data.posts[1]).toMatchObject({ likeCount: 1, liked: false });

    await request(ctx.app)
      .post(`/api/forum/posts/${r.body.data.id}/moderation`)
      .set(moderator.authHeader)
      .send({ action: 'hide', reason: 'off topic' })
      .expect(200);
    expect(htmls(await page(t.thread.id))).toHaveLength(1);
    await ctx.services.forum.idle();
  });

  it('serves the thread page as HTML in the reader’s language from the same cache', async () => {
    const t = await startThread(ctx, amina, categoryId, 'سؤال', 'مرحبا');
    const ar = await request(ctx.app)
      .get(`/forum/threads/${t.thread.id}`)
      .set('Accept-Language', 'ar')
      .expect(200);
    const en = await request(ctx.app)
      .get(`/forum/threads/${t.thread.id}`)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(ar.text).toContain('<html lang="ar" dir="rtl">');
    expect(en.text).toContain('<html lang="en" dir="ltr">');
    expect(en.text).toContain(`<article id="post-${t.post.id}" lang="ar" dir="rtl">`);
  });
});

describe('stored renders', () => {
  it('re-renders a post made by an older renderer once, on read, and stores the new render', async () => {
    const t = await startThread(ctx, amina, categoryId, 'قديم', 'نص **قديم**');
    expect(await posts().findOne({ _id: new ObjectId(t.post.id) })).toMatchObject({
      renderVersion: MARKDOWN_RENDERER_VERSION,
    });
    // As a post written before this renderer version would be stored.
    await posts().updateOne(
      { _id: new ObjectId(t.post.id) },
      { $set: { html: '<p>stale</p>', renderVersion: 1 } },
    );
    const read = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(ivan.authHeader)
      .expect(200);
    expect(htmls(read)).toEqual(['<p>نص <strong>قديم</strong></p>\n']);
    expect(await posts().findOne({ _id: new ObjectId(t.post.id) })).toMatchObject({
      html: '<p>نص <strong>قديم</strong></p>\n',
      renderVersion: MARKDOWN_RENDERER_VERSION,
    });
  });
});

describe('announcing replies (the post is its own outbox record)', () => {
  it('marks a reply announced once its count, event and notifications are written', async () => {
    const t = await startThread(ctx, amina, categoryId, 'إعلان', 'نص');
    const r = await reply(ctx, ivan, t.thread.id, 'Ответ').expect(201);
    await ctx.services.forum.idle();
    expect(await posts().findOne({ _id: new ObjectId(r.body.data.id) })).toMatchObject({ announced: true });
    expect(
      await ctx.db
        .collection('stats_events')
        .countDocuments({ _id: `forum_post:${r.body.data.id}` as never }),
    ).toBe(1);
    expect(
      await ctx.db
        .collection('notifications')
        .countDocuments({ postId: r.body.data.id, userId: amina.user.id }),
    ).toBe(1);
    expect(
      await ctx.db.collection('forum_threads').findOne({ _id: new ObjectId(t.thread.id) }),
    ).toMatchObject({ postCount: 2 });
  });

  it('lets the sweep finish what a crash left: the event is recorded once, the notification sent once', async () => {
    const t = await startThread(ctx, amina, categoryId, 'انقطاع', 'نص');
    const r = await reply(ctx, ivan, t.thread.id, 'Ответ после сбоя').expect(201);
    await ctx.services.forum.idle();
    const id = r.body.data.id as string;
    // A process that died after writing the event but before the notification and the mark.
    await posts().updateOne({ _id: new ObjectId(id) }, { $set: { announced: false } });
    await ctx.db.collection('notifications').deleteMany({ postId: id });
    expect(await ctx.services.forum.sweep(new Date())).toBe(0); // still within the grace period
    expect(await ctx.services.forum.sweep(new Date(Date.now() + 10 * 60_000))).toBeGreaterThanOrEqual(1);
    expect(await posts().findOne({ _id: new ObjectId(id) })).toMatchObject({ announced: true });
    expect(await ctx.db.collection('stats_events').countDocuments({ _id: `forum_post:${id}` as never })).toBe(
      1,
    );
    expect(
      await ctx.db.collection('notifications').countDocuments({ postId: id, userId: amina.user.id }),
    ).toBe(1);
  });
});
