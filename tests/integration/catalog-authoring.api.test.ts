import request from 'supertest';
import type { TestUser } from '../helpers/auth';
import { actingAs, createDraftCourse, newCourse, setUpCatalog } from '../helpers/catalog';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let author: TestUser;
let otherAuthor: TestUser;
let reviewer: TestUser;
let learner: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  ({ author, otherAuthor, reviewer, learner } = await setUpCatalog(ctx));
});
afterAll(() => ctx.close());

const as = (user: TestUser) => actingAs(ctx, user);
const stored = (slug: string) => ctx.db.collection('courses').findOne({ slug });

const createCourse = (overrides: Record<string, unknown> = {}) => createDraftCourse(ctx, author, overrides);

describe('POST /api/courses', () => {
  it('creates a draft owned by the author, with translation status per language', async () => {
    const body = newCourse();
    const res = await as(author).post('/api/courses', body).expect(201);
    expect(res.body.data).toMatchObject({
      slug: body.slug,
      state: 'draft',
      version: 1,
      authorId: author.user.id,
    });
    const doc = await stored(body.slug);
    expect(doc).toMatchObject({
      state: 'draft',
      version: 1,
      translationStatus: { en: 'reviewed', ar: 'draft' },
      reviewedLanguages: ['en'],
      collection: 'e-library-for-teachers',
    });
    expect(doc?.searchVersion).toBeGreaterThan(0);
  });

  it('refuses a duplicate slug with 409', async () => {
    const { slug } = await createCourse();
    const res = await as(author).post('/api/courses', newCourse({ slug })).expect(409);
    expect(res.body.code).toBe('duplicate');
    expect(await ctx.db.collection('courses').countDocuments({ slug })).toBe(1);
  });

  it('validates the body: source text, vocabularies, language keys, collection', async () => {
    const res = await as(author)
      .post(
        '/api/courses',
        newCourse({ title: { ar: 'عنوان', 'x!': 'bad' }, level: 'expert', audiences: ['pilot'] }),
      )
      .expect(400);
    const paths = res.body.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['title.x!', 'level', 'audiences.0']));
    const noSource = await as(author)
      .post('/api/courses', newCourse({ title: { ar: 'عنوان' } }))
      .expect(400);
    expect(noSource.body.errors[0]).toMatchObject({ path: ['title', 'en'], code: 'source_text_required' });
    const badCollection = await as(author)
      .post('/api/courses', newCourse({ collection: 'nope' }))
      .expect(400);
    expect(badCollection.body.errors[0]).toMatchObject({ code: 'unknown_collection' });
  });

  it('needs an author role: 401 anonymous, 403 learner', async () => {
    await request(ctx.app).post('/api/courses').send(newCourse()).expect(401);
    await as(learner).post('/api/courses', newCourse()).expect(403);
  });
});

describe('visibility of drafts', () => {
  it('a draft is visible to its author and reviewers, 404 to others', async () => {
    const { slug } = await createCourse();
    await request(ctx.app).get(`/api/courses/${slug}`).expect(404);
    await as(learner).get(`/api/courses/${slug}`).expect(404);
    await as(otherAuthor).get(`/api/courses/${slug}`).expect(404);
    await as(author).get(`/api/courses/${slug}`).expect(200);
    const res = await as(reviewer).get(`/api/courses/${slug}?lang=ar`).expect(200);
    expect(res.body.data.item).toMatchObject({ title: 'هندسة الأوامر للمعلمين', dir: 'rtl', state: 'draft' });
    const list = await as(author).get('/api/courses?state=draft').expect(200);
    expect(list.body.data.items.map((c: { slug: string }) => c.slug)).toContain(slug);
    const others = await as(otherAuthor).get('/api/courses?state=draft').expect(200);
    expect(others.body.data.items.map((c: { slug: string }) => c.slug)).not.toContain(slug);
  });
});

describe('PATCH /api/courses/:slug', () => {
  it('updates with the current version and bumps it', async () => {
    const { slug } = await createCourse();
    const res = await as(author)
      .patch(`/api/courses/${slug}`, {
        version: 1,
        level: 'advanced',
        summary: { ru: 'Пишите хорошие запросы.' },
      })
      .expect(200);
    expect(res.body.data).toMatchObject({ version: 2, level: 'advanced' });
    const doc = await stored(slug);
    expect(doc).toMatchObject({
      version: 2,
      level: 'advanced',
      translationStatus: { ru: 'draft', en: 'reviewed' },
    });
    expect(doc?.summary).toEqual({ en: 'Write prompts that help learning.', ru: 'Пишите хорошие запросы.' });
  });

  it('a stale version is a 409 version_conflict carrying the current version', async () => {
    const { slug } = await createCourse();
    await as(author).patch(`/api/courses/${slug}`, { version: 1, estimatedHours: 3 }).expect(200);
    const res = await as(author).patch(`/api/courses/${slug}`, { version: 1, estimatedHours: 5 }).expect(409);
    expect(res.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await stored(slug))?.estimatedHours).toBe(3);
  });

  it('of two concurrent PATCHes with the same version exactly one wins', async () => {
    const { slug } = await createCourse();
    const results = await Promise.all(
      [2, 4, 6, 8].map((h) => as(author).patch(`/api/courses/${slug}`, { version: 1, estimatedHours: h })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body.data.estimatedHours;
    expect(await stored(slug)).toMatchObject({ version: 2, estimatedHours: winner });
  });

  it('editing a source-language text marks the other languages stale', async () => {
    const { slug } = await createCourse();
    await as(reviewer).put(`/api/courses/${slug}/translations/ar`, { status: 'reviewed' }).expect(200);
    expect((await stored(slug))?.reviewedLanguages).toEqual(['ar', 'en']);
    await as(author)
      .patch(`/api/courses/${slug}`, { version: 2, title: { en: 'Prompt Engineering' } })
      .expect(200);
    const doc = await stored(slug);
    expect(doc).toMatchObject({
      translationStatus: { en: 'reviewed', ar: 'stale' },
      reviewedLanguages: ['en'],
    });
    // An edit that leaves source texts alone does not.
    await as(reviewer)
      .put(`/api/courses/${slug}/translations/ar`, { status: 'reviewed', title: 'هندسة الأوامر' })
      .expect(200);
    await as(author).patch(`/api/courses/${slug}`, { version: 4, estimatedHours: 2 }).expect(200);
    expect((await stored(slug))?.translationStatus).toEqual({ en: 'reviewed', ar: 'reviewed' });
  });

  it('only the author or an editor may edit: another author gets 404 for a draft, 403 once published', async () => {
    const { slug } = await createCourse();
    await as(otherAuthor).patch(`/api/courses/${slug}`, { version: 1, estimatedHours: 1 }).expect(404);
    await as(author).post(`/api/courses/${slug}/submit`).expect(200);
    await as(reviewer).post(`/api/courses/${slug}/publish`).expect(200);
    await as(otherAuthor).patch(`/api/courses/${slug}`, { version: 3, estimatedHours: 1 }).expect(403);
    await as(reviewer).patch(`/api/courses/${slug}`, { version: 3, estimatedHours: 1 }).expect(200);
  });

  it('an unknown slug is 404', async () => {
    const res = await as(author)
      .patch('/api/courses/nothing-here', { version: 1, level: 'advanced' })
      .expect(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('workflow: submit → publish → archive', () => {
  it('moves through the states with the right roles and stamps publishedAt', async () => {
    const { slug } = await createCourse();
    await as(author).post(`/api/courses/${slug}/publish`).expect(403);
    const sub = await as(author).post(`/api/courses/${slug}/submit?version=1`).expect(200);
    expect(sub.body.data.state).toBe('in_review');
    const again = await as(author).post(`/api/courses/${slug}/submit`).expect(409);
    expect(again.body).toMatchObject({ code: 'invalid_state_transition', state: 'in_review' });
    await as(reviewer).post(`/api/courses/${slug}/publish`).expect(200);
    expect((await stored(slug))?.publishedAt).toBeInstanceOf(Date);
    await request(ctx.app).get(`/api/courses/${slug}`).expect(200);
    const list = await request(ctx.app).get('/api/courses').expect(200);
    expect(list.body.data.items.map((c: { slug: string }) => c.slug)).toContain(slug);
    await as(reviewer).post(`/api/courses/${slug}/archive`).expect(200);
    await request(ctx.app).get(`/api/courses/${slug}`).expect(404);
    expect((await stored(slug))?.state).toBe('archived');
  });
});
