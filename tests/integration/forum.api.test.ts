import { ObjectId } from 'mongodb';
import request from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createCategory, reply, startThread } from './forum.fixtures';

let ctx: TestContext;
let staff: TestUser;
let moderator: TestUser;
let amina: TestUser;
let ivan: TestUser;
let li: TestUser;
let category: { id: string };

beforeAll(async () => {
  ctx = await createTestContext(__filename, { env: { FORUM_POSTS_PER_WINDOW: '1000' } });
  [staff, moderator, amina, ivan, li] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['moderator'], preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'ru' }),
    createUser(ctx, { preferredLanguage: 'zh' }),
  ]);
  category = await createCategory(ctx, staff);
});
afterAll(() => ctx.close());

const posts = () => ctx.db.collection('forum_posts');
const threads = () => ctx.db.collection('forum_threads');

describe('categories', () => {
  it('lists categories with the title in the reader’s language', async () => {
    const ar = await request(ctx.app).get('/api/forum/categories?lang=ar').expect(200);
    const mine = ar.body.data.find((c: { id: string }) => c.id === category.id);
    expect(mine).toMatchObject({
      title: 'الذكاء الاصطناعي في الفصل',
      lang: 'ar',
      dir: 'rtl',
      postingPolicy: 'everyone',
    });
    const zh = await request(ctx.app).get('/api/forum/categories?lang=zh').expect(200);
    expect(zh.body.data.find((c: { id: string }) => c.id === category.id).title).toBe('课堂中的人工智能');
  });

  it('lets only staff create categories, with one category per key', async () => {
    await request(ctx.app).post('/api/forum/categories').set(amina.authHeader).send({}).expect(403);
    const course = await createCategory(ctx, staff, {
      key: 'course-green-tvet',
      kind: 'course',
      scope: 'green-tvet',
      postingPolicy: 'enrolled',
    });
    const again = await request(ctx.app)
      .post('/api/forum/categories')
      .set(staff.authHeader)
      .send({ key: 'course-green-tvet', kind: 'course', title: { en: 'x' }, defaultLanguage: 'en' })
      .expect(409);
    expect(again.body.code).toBe('duplicate');
    expect(await ctx.db.collection('forum_categories').countDocuments({ key: 'course-green-tvet' })).toBe(1);
    expect(
      await ctx.db.collection('audit_log').findOne({ action: 'forum.category.created', targetId: course.id }),
    ).toBeTruthy();
  });
});

describe('threads and posts in several languages', () => {
  it('stores Arabic, Russian and Chinese threads with detected language and direction', async () => {
    const ar = await startThread(
      ctx,
      amina,
      category.id,
      'كيف نستخدم الذكاء الاصطناعي في التقييم؟',
      'أشارك تجربتي مع **طلابي** في الصف التاسع.',
    );
    const ru = await startThread(
      ctx,
      ivan,
      category.id,
      'Чат-боты на уроках',
      'Делюсь опытом: *чат-боты* помогают готовить вопросы.',
    );
    const zh = await startThread(ctx, li, category.id, '人工智能与作文教学', '我们学校用人工智能辅导写作。');
    expect([ar.thread.lang, ru.thread.lang, zh.thread.lang]).toEqual(['ar', 'ru', 'zh']);
    const stored = await posts().findOne({ _id: new ObjectId(ar.post.id) });
    expect(stored).toMatchObject({
      lang: 'ar',
      dir: 'rtl',
      status: 'visible',
      body: 'أشارك تجربتي مع **طلابي** في الصف التاسع.',
    });
    expect(stored?.html).toContain('<strong>طلابي</strong>');
    expect(await threads().findOne({ _id: new ObjectId(ru.thread.id) })).toMatchObject({
      postCount: 1,
      status: 'visible',
    });
    const list = await request(ctx.app)
      .get(`/api/forum/categories/${category.id}/threads?lang=ru`)
      .expect(200);
    expect(list.body.data.threads.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([ar.thread.id, ru.thread.id, zh.thread.id]),
    );
    expect(list.body.data.threads.find((t: { id: string }) => t.id === ru.thread.id).repliesLabel).toBe(
      '0 ответов',
    );
  });

  it('keeps the given language tag over detection', async () => {
    const t = await startThread(ctx, ivan, category.id, 'Kazakh', 'Сәлем, әріптестер!', { lang: 'kk' });
    expect(t.thread.lang).toBe('kk');
    expect(await posts().findOne({ _id: new ObjectId(t.post.id) })).toMatchObject({ lang: 'kk', dir: 'ltr' });
  });

  it('quotes an English post inside an Arabic thread with its own direction', async () => {
    const t = await startThread(ctx, amina, category.id, 'نقاش', 'ما رأيكم؟');
    const en = await reply(ctx, staff, t.thread.id, 'Rubrics help **a lot**.').expect(201);
    expect(en.body.data).toMatchObject({ lang: 'en', dir: 'ltr' });
    const answer = await reply(ctx, amina, t.thread.id, 'أوافق تمامًا', {
      quotePostId: en.body.data.id,
    }).expect(201);
    expect(answer.body.data).toMatchObject({
      lang: 'ar',
      dir: 'rtl',
      quote: { postId: en.body.data.id, lang: 'en', dir: 'ltr' },
    });
    expect(answer.body.data.quote.html).toContain('<strong>a lot</strong>');
    const other = await startThread(ctx, amina, category.id, 'آخر', 'نص');
    const bad = await reply(ctx, amina, other.thread.id, 'x', { quotePostId: en.body.data.id }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: ['quotePostId'], code: 'quote_not_found' });
  });

  it('refuses an empty or a 1 MB body with the limit in the user’s language', async () => {
    const t = await startThread(ctx, ivan, category.id, 'Лимиты', 'Текст');
    const empty = await reply(ctx, ivan, t.thread.id, '   ').expect(400);
    expect(empty.body.errors[0]).toMatchObject({ path: ['body'], code: 'too_small_string' });
    const huge = 'a'.repeat(1_000_000);
    const ru = await reply(ctx, ivan, t.thread.id, huge).set('Accept-Language', 'ru').expect(400);
    expect(ru.body.errors[0]).toMatchObject({ path: ['body'], code: 'too_big_string' });
    expect(ru.body.errors[0].message).toMatch(/50000/);
    expect(ru.body.errors[0].message).toMatch(/[а-я]/);
    const ar = await reply(ctx, amina, t.thread.id, huge).expect(400);
    expect(ar.body.errors[0].message).toMatch(/[\u0600-\u06FF]/);
    expect(await posts().countDocuments({ threadId: t.thread.id })).toBe(1);
  });

  it('answers 404 for unknown ids and 400 for a forged cursor', async () => {
    await request(ctx.app).get(`/api/forum/threads/${new ObjectId().toHexString()}`).expect(404);
    const res = await request(ctx.app)
      .get(`/api/forum/categories/${category.id}/threads?cursor=zzz`)
      .expect(400);
    expect(res.body.errors[0].code).toBe('invalid_cursor');
  });
});

describe('editing', () => {
  it('lets only the author edit, keeps the history for moderators only', async () => {
    const t = await startThread(ctx, ivan, category.id, 'Правка', 'Первая версия');
    const denied = await request(ctx.app)
      .patch(`/api/forum/posts/${t.post.id}`)
      .set(amina.authHeader)
      .send({ body: 'hacked' })
      .expect(403);
    expect(denied.body.code).toBe('forbidden');
    await request(ctx.app)
      .patch(`/api/forum/posts/${t.post.id}`)
      .set(ivan.authHeader)
      .send({ body: 'Вторая версия' })
      .expect(200);
    const stored = await posts().findOne({ _id: new ObjectId(t.post.id) });
    expect(stored).toMatchObject({
      body: 'Вторая версия',
      history: [{ body: 'Первая версия', lang: 'ru', editorId: ivan.user.id }],
    });
    const asMod = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(moderator.authHeader)
      .expect(200);
    expect(asMod.body.data.posts[0].moderation.history[0].body).toBe('Первая версия');
    const asReader = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(li.authHeader)
      .expect(200);
    expect(asReader.body.data.posts[0]).not.toHaveProperty('moderation');
    expect(asReader.body.data.posts[0]).not.toHaveProperty('body');
    expect(asReader.body.data.posts[0]).toMatchObject({ edited: true, html: '<p>Вторая версия</p>\n' });
  });
});

describe('likes', () => {
  it('counts two concurrent likes by one user once', async () => {
    const t = await startThread(ctx, li, category.id, '点赞', '测试');
    const [a, b] = await Promise.all([
      request(ctx.app)
        .post(`/api/forum/posts/${t.post.id}/reactions`)
        .set(ivan.authHeader)
        .send({ kind: 'like' }),
      request(ctx.app)
        .post(`/api/forum/posts/${t.post.id}/reactions`)
        .set(ivan.authHeader)
        .send({ kind: 'like' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(await ctx.db.collection('forum_reactions').countDocuments({ postId: t.post.id })).toBe(1);

    await request(ctx.app)
      .post(`/api/forum/posts/${t.post.id}/reactions`)
      .set(amina.authHeader)
      .send({})
      .expect(201);
    const page = await request(ctx.app)
      .get(`/api/forum/threads/${t.thread.id}`)
      .set(ivan.authHeader)
      .expect(200);
    expect(page.body.data.posts[0]).toMatchObject({ likeCount: 2, liked: true });
    const un = await request(ctx.app)
      .delete(`/api/forum/posts/${t.post.id}/reactions`)
      .set(ivan.authHeader)
      .expect(200);
    expect(un.body.data).toMatchObject({ likeCount: 1, liked: false });
  });
  it('counts likes by ten users at once exactly', async () => {
    const t = await startThread(ctx, li, category.id, '并发', '点赞测试');
    const likers = await Promise.all(Array.from({ length: 10 }, () => createUser(ctx)));
    await Promise.all(
      likers.map((u) =>
        request(ctx.app).post(`/api/forum/posts/${t.post.id}/reactions`).set(u.authHeader).send({}),
      ),
    );
    expect(await ctx.db.collection('forum_reactions').countDocuments({ postId: t.post.id })).toBe(10);
    const page = await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).expect(200);
    expect(page.body.data.posts[0]).toMatchObject({ likeCount: 10, liked: false });
  });
});

describe('cursor pagination', () => {
  it('neither skips nor repeats posts while new ones arrive', async () => {
    const t = await startThread(ctx, ivan, category.id, 'Страницы', 'Сообщение 0');
    for (let i = 1; i < 7; i++) await reply(ctx, ivan, t.thread.id, `Сообщение ${i}`).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const url: string = `/api/forum/threads/${t.thread.id}?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(ctx.app).get(url).expect(200);
      seen.push(...page.body.data.posts.map((p: { html: string }) => p.html));
      cursor = page.body.pagination.nextCursor;
      // New replies land while the reader pages through.
      if (round++ < 2) await reply(ctx, amina, t.thread.id, `جديد ${round}`).expect(201);
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect(seen.slice(0, 7)).toEqual(Array.from({ length: 7 }, (_, i) => `<p>Сообщение ${i}</p>\n`));
  });

  it('keeps pinned threads first across pages', async () => {
    const cat = await createCategory(ctx, staff);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await startThread(ctx, li, cat.id, `主题 ${i}`, '内容')).thread.id);
    await request(ctx.app)
      .post(`/api/forum/threads/${ids[1]}/moderation`)
      .set(moderator.authHeader)
      .send({ action: 'pin', reason: '重要' })
      .expect(200);
    const first = await request(ctx.app).get(`/api/forum/categories/${cat.id}/threads?limit=2`).expect(200);
    const second = await request(ctx.app)
      .get(`/api/forum/categories/${cat.id}/threads?limit=10&cursor=${first.body.pagination.nextCursor}`)
      .expect(200);
    const order = [...first.body.data.threads, ...second.body.data.threads].map((t: { id: string }) => t.id);
    expect(order).toEqual([ids[1], ids[4], ids[3], ids[2], ids[0]]);
  });
});

describe('anonymous category lists', () => {
  it('serves one cached list to anonymous readers and shows a new thread or a lock at once', async () => {
    const cat = await createCategory(ctx, staff);
    const first = await startThread(ctx, ivan, cat.id, 'Первая тема', 'Текст');
    const list = () =>
      request(ctx.app).get(`/api/forum/categories/${cat.id}/threads`).set('Accept-Language', 'ru');
    const before = await list().expect(200);
    expect(before.body.data.threads.map((t: { id: string }) => t.id)).toEqual([first.thread.id]);
    expect((await list().expect(200)).headers.etag).toBe(before.headers.etag);

    const second = await startThread(ctx, li, cat.id, '第二个主题', '内容');
    const after = await list().expect(200);
    expect(after.body.data.threads.map((t: { id: string }) => t.id)).toEqual([
      second.thread.id,
      first.thread.id,
    ]);
    expect(after.headers.etag).not.toBe(before.headers.etag);

    await request(ctx.app)
      .post(`/api/forum/threads/${first.thread.id}/moderation`)
      .set(moderator.authHeader)
      .send({ action: 'lock', reason: 'Закрыто' })
      .expect(200);
    const stored = await threads().findOne({ _id: new ObjectId(first.thread.id) });
    expect(stored?.locked).toBe(true);
    const locked = (await list().expect(200)).body.data.threads.find(
      (t: { id: string }) => t.id === first.thread.id,
    );
    expect(locked.locked).toBe(true);
    // A signed-in reader is never served the anonymous copy.
    const mine = await request(ctx.app)
      .get(`/api/forum/categories/${cat.id}/threads`)
      .set(ivan.authHeader)
      .expect(200);
    expect(mine.body.data.threads).toHaveLength(2);
  });
});

describe('posting rights and locks', () => {
  it('lets only enrolled learners post in a course category', async () => {
    const course = await createCategory(ctx, staff, {
      key: 'course-sel',
      kind: 'course',
      scope: 'sel',
      postingPolicy: 'enrolled',
    });
    const denied = await request(ctx.app)
      .post('/api/forum/threads')
      .set(ivan.authHeader)
      .send({ categoryId: course.id, title: 'Вопрос', body: 'Текст' })
      .expect(403);
    expect(denied.body.code).toBe('forum_posting_not_allowed');
    await ctx.db
      .collection('enrolments')
      .insertOne({ courseSlug: 'sel', userId: ivan.user.id, status: 'active' });
    await startThread(ctx, ivan, course.id, 'Вопрос', 'Текст');
    const staffOnly = await createCategory(ctx, staff, { postingPolicy: 'staff' });
    await request(ctx.app)
      .post('/api/forum/threads')
      .set(ivan.authHeader)
      .send({ categoryId: staffOnly.id, title: 'x', body: 'y' })
      .expect(403);
    await startThread(ctx, staff, staffOnly.id, 'Announcement', 'Welcome');
  });

  it('refuses replies and edits in a locked thread with 409', async () => {
    const t = await startThread(ctx, amina, category.id, 'مقفل', 'نص');
    await request(ctx.app)
      .post(`/api/forum/threads/${t.thread.id}/moderation`)
      .set(moderator.authHeader)
      .send({ action: 'lock', reason: 'انتهى النقاش' })
      .expect(200);
    const res = await reply(ctx, ivan, t.thread.id, 'Ещё вопрос').set('Accept-Language', 'ru').expect(409);
    expect(res.body).toMatchObject({ code: 'forum_thread_locked', title: 'Тема закрыта' });
    await request(ctx.app)
      .patch(`/api/forum/posts/${t.post.id}`)
      .set(amina.authHeader)
      .send({ body: 'تعديل' })
      .expect(409);
    expect(await posts().countDocuments({ threadId: t.thread.id })).toBe(1);
  });

  it('checks attachment ids against stored files', async () => {
    const t = await startThread(ctx, ivan, category.id, 'Файлы', 'Текст');
    const res = await reply(ctx, ivan, t.thread.id, 'см. вложение', {
      attachments: [new ObjectId().toHexString(), 'nope'],
    }).expect(400);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'file_not_found',
      'invalid_file_id',
    ]);
  });
});

describe('subscriptions and notifications', () => {
  it('notifies thread and category followers, not the author', async () => {
    const cat = await createCategory(ctx, staff);
    await request(ctx.app)
      .post('/api/forum/subscriptions')
      .set(li.authHeader)
      .send({ categoryId: cat.id })
      .expect(201);
    await request(ctx.app)
      .post('/api/forum/subscriptions')
      .set(li.authHeader)
      .send({ categoryId: cat.id })
      .expect(200);
    const t = await startThread(ctx, amina, cat.id, 'سؤال عن التقييم', 'نص');
    await reply(ctx, ivan, t.thread.id, 'Ответ').expect(201);
    await ctx.services.forum.idle(); // replies are announced in the background
    const aminaList = await request(ctx.app).get('/api/me/notifications').set(amina.authHeader).expect(200);
    expect(aminaList.body.data.items[0]).toMatchObject({
      kind: 'reply',
      threadId: t.thread.id,
      read: false,
      dir: 'rtl',
    });
    expect(aminaList.body.data.items[0].text).toContain('سؤال عن التقييم');
    const liList = await request(ctx.app).get('/api/me/notifications?lang=zh').set(li.authHeader).expect(200);
    expect(liList.body.data.items.map((n: { kind: string }) => n.kind)).toEqual(['thread']);
    expect(liList.body.data.items[0].text).toBe('新主题：“سؤال عن التقييم”');
    expect(
      await ctx.db
        .collection('notifications')
        .countDocuments({ userId: ivan.user.id, threadId: t.thread.id }),
    ).toBe(0);
    const read = await request(ctx.app)
      .post('/api/me/notifications/read')
      .set(amina.authHeader)
      .send({ all: true })
      .expect(200);
    expect(read.body.data.marked).toBeGreaterThan(0);
    const after = await request(ctx.app)
      .get('/api/me/notifications?unread=true')
      .set(amina.authHeader)
      .expect(200);
    expect(after.body.data).toMatchObject({ unread: 0, items: [] });
    const subs = await request(ctx.app).get('/api/forum/subscriptions').set(amina.authHeader).expect(200);
    expect(subs.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ targetType: 'thread', targetId: t.thread.id })]),
    );
  });
});

describe('privacy rights', () => {
  it('exports the user’s forum data and erases it on account deletion', async () => {
    const leaver = await createUser(ctx, { preferredLanguage: 'ru' });
    const t = await startThread(ctx, leaver, category.id, 'Уйду', 'Мой личный текст');
    const r = await reply(ctx, ivan, t.thread.id, 'Ответ остаётся').expect(201);
    await request(ctx.app)
      .post(`/api/forum/posts/${r.body.data.id}/reactions`)
      .set(leaver.authHeader)
      .send({})
      .expect(201);
    const exported = await request(ctx.app).get('/api/me/export').set(leaver.authHeader).expect(200);
    const data = JSON.parse(exported.text).data ?? JSON.parse(exported.text);
    expect(JSON.stringify(data)).toContain('Мой личный текст');
    await request(ctx.app)
      .delete('/api/me')
      .set(leaver.authHeader)
      .send({ password: leaver.password })
      .expect(204);
    const post = await posts().findOne({ _id: new ObjectId(t.post.id) });
    expect(post).toMatchObject({ status: 'deleted', body: '', html: '' });
    expect(post?.authorId).not.toBe(leaver.user.id);
    expect(await threads().countDocuments({ authorId: leaver.user.id })).toBe(0);
    expect(await ctx.db.collection('forum_reactions').countDocuments({ userId: leaver.user.id })).toBe(0);
    const page = await request(ctx.app).get(`/api/forum/threads/${t.thread.id}`).expect(200);
    expect(page.body.data.posts.map((p: { id: string }) => p.id)).toEqual([r.body.data.id]);
  });
});
