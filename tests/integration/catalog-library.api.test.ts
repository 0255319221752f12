import path from 'node:path';
import request from 'supertest';
import { seedCatalog } from '../../server/modules/catalog/catalog.seed';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'content');
const FILE_EN = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const FILE_AR = 'bbbbbbbbbbbbbbbbbbbbbbbb';
let ctx: TestContext;
let author: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await seedCatalog(ctx.services.catalog, ctx.services.repositories.collections, FIXTURES);
  [author, reviewer] = await Promise.all([
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['reviewer'] }),
  ]);
});
afterAll(() => ctx.close());

const get = (url: string) => request(ctx.app).get(url);

describe('GET /api/resources', () => {
  it.each([
    [
      'en',
      'Digital Technologies for Inclusive Education',
      'ltr',
      'A review of practice in twelve countries.',
      {},
    ],
    [
      'ar',
      'التقنيات الرقمية من أجل التعليم الشامل',
      'rtl',
      'A review of practice in twelve countries.',
      { abstract: { lang: 'en', dir: 'ltr' } },
    ],
    ['ru', 'Цифровые технологии для инклюзивного образования', 'ltr', 'Обзор практики двенадцати стран.', {}],
    [
      'zh',
      '促进全纳教育的数字技术',
      'ltr',
      'A review of practice in twelve countries.',
      { abstract: { lang: 'en', dir: 'ltr' } },
    ],
  ])('lists and shows a publication in %s', async (lang, title, dir, abstract, fallback) => {
    const list = await get(`/api/resources?lang=${lang}&type=report`).expect(200);
    expect(list.body.pagination.total).toBe(1);
    expect(list.body.data.items[0]).toMatchObject({
      slug: 'fixture-digital-inclusion',
      title,
      abstract,
      fallback,
    });
    const one = await get(`/api/resources/fixture-digital-inclusion?lang=${lang}`).expect(200);
    expect(one.body.data).toMatchObject({ lang, item: { title, dir, lang, year: 2022, type: 'report' } });
    expect(one.body.data.item.availableLanguages).toEqual(['ar', 'en', 'ru', 'zh']);
  });

  it('filters by topic, year and reviewed language', async () => {
    expect(
      (await get('/api/resources?topic=inclusive-education&year=2022').expect(200)).body.pagination.total,
    ).toBe(1);
    expect((await get('/api/resources?year=2001').expect(200)).body.pagination.total).toBe(0);
    expect((await get('/api/resources?available=zh').expect(200)).body.pagination.total).toBe(0);
    expect((await get('/api/resources?available=ru').expect(200)).body.pagination.total).toBe(1);
  });

  it('unknown slug → 404', async () => {
    expect((await get('/api/resources/none').set('Accept-Language', 'zh').expect(404)).body).toMatchObject({
      code: 'not_found',
      lang: 'zh',
    });
  });
});

describe('resource authoring', () => {
  it('creates, translates with a language edition, publishes; the reader gets the file of their language', async () => {
    const slug = `guide-${Date.now().toString(36)}`;
    const created = await request(ctx.app)
      .post('/api/resources')
      .set(author.authHeader)
      .send({
        slug,
        sourceLanguage: 'en',
        type: 'guide',
        year: 2024,
        title: { en: 'Teacher guide' },
        files: { en: FILE_EN },
      })
      .expect(201);
    expect(created.body.data).toMatchObject({ state: 'draft', version: 1 });
    await request(ctx.app)
      .put(`/api/resources/${slug}/translations/ar`)
      .set(reviewer.authHeader)
      .send({ status: 'reviewed', title: 'دليل المعلم', abstract: 'ملخص', file: FILE_AR })
      .expect(200);
    await request(ctx.app).post(`/api/resources/${slug}/submit`).set(author.authHeader).expect(200);
    await request(ctx.app).post(`/api/resources/${slug}/publish`).set(reviewer.authHeader).expect(200);
    const ar = await get(`/api/resources/${slug}?lang=ar`).expect(200);
    expect(ar.body.data.item).toMatchObject({
      title: 'دليل المعلم',
      dir: 'rtl',
      file: { fileId: FILE_AR, lang: 'ar' },
      editions: ['ar', 'en'],
    });
    const ru = await get(`/api/resources/${slug}?lang=ru`).expect(200);
    expect(ru.body.data.item).toMatchObject({
      title: 'Teacher guide',
      file: { fileId: FILE_EN, lang: 'en' },
    });
    const doc = await ctx.db.collection('resources').findOne({ slug });
    expect(doc).toMatchObject({
      state: 'published',
      version: 4,
      files: { en: FILE_EN, ar: FILE_AR },
      reviewedLanguages: ['ar', 'en'],
    });

    const stale = await request(ctx.app)
      .patch(`/api/resources/${slug}`)
      .set(author.authHeader)
      .send({ version: 1, year: 2025 })
      .expect(409);
    expect(stale.body.currentVersion).toBe(4);
    await request(ctx.app)
      .patch(`/api/resources/${slug}`)
      .set(author.authHeader)
      .send({ version: 4, abstract: { en: 'Now with an abstract.' } })
      .expect(200);
    expect((await ctx.db.collection('resources').findOne({ slug }))?.translationStatus).toEqual({
      en: 'reviewed',
      ar: 'stale',
    });
    await request(ctx.app)
      .post('/api/resources')
      .set(author.authHeader)
      .send({ slug, sourceLanguage: 'en', type: 'guide', year: 2024, title: { en: 'x' } })
      .expect(409);
  });
});

describe('GET /api/credentials', () => {
  it.each([
    ['en', 'Inclusive Digital Classroom', 'For teachers who design accessible lessons.', 'ltr'],
    ['ar', 'الفصل الرقمي الشامل', 'For teachers who design accessible lessons.', 'rtl'],
    ['ru', 'Инклюзивный цифровой класс', 'For teachers who design accessible lessons.', 'ltr'],
    ['zh', '全纳数字课堂', '面向设计无障碍课程的教师。', 'ltr'],
  ])('in %s with criteria as safe HTML', async (lang, title, description, dir) => {
    const { body } = await get(`/api/credentials/fixture-inclusive-classroom?lang=${lang}`).expect(200);
    expect(body.data.item).toMatchObject({
      title,
      description,
      dir,
      requiredCourses: ['fixture-inclusive-ict', 'fixture-healthy-schools'],
      minimumQuizScore: 70,
      issuer: { name: 'Learning Hub Institute' },
      criteriaHtml: '<p>Complete <strong>both</strong> courses with at least 70% on every quiz.</p>\n',
    });
    const list = await get(`/api/credentials?lang=${lang}&course=fixture-healthy-schools`).expect(200);
    expect(list.body.data.items.map((c: { title: string }) => c.title)).toEqual([title]);
  });

  it('authoring checks required courses exist and follows the workflow', async () => {
    const slug = `cred-${Date.now().toString(36)}`;
    const base = {
      slug,
      sourceLanguage: 'en',
      title: { en: 'AI-ready teacher' },
      issuer: { name: 'Institute' },
    };
    const bad = await request(ctx.app)
      .post('/api/credentials')
      .set(author.authHeader)
      .send({ ...base, requiredCourses: ['fixture-inclusive-ict', 'ghost-course'] })
      .expect(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ path: ['requiredCourses', 1], code: 'unknown_course' }),
    ]);
    await request(ctx.app)
      .post('/api/credentials')
      .set(author.authHeader)
      .send({ ...base, requiredCourses: ['fixture-inclusive-ict'] })
      .expect(201);
    await get(`/api/credentials/${slug}`).expect(404);
    await request(ctx.app)
      .put(`/api/credentials/${slug}/translations/ru`)
      .set(author.authHeader)
      .send({ title: 'Учитель, готовый к ИИ' })
      .expect(200);
    await request(ctx.app).post(`/api/credentials/${slug}/publish`).set(reviewer.authHeader).expect(409);
    await request(ctx.app).post(`/api/credentials/${slug}/submit`).set(author.authHeader).expect(200);
    await request(ctx.app).post(`/api/credentials/${slug}/publish`).set(reviewer.authHeader).expect(200);
    const ru = await get(`/api/credentials/${slug}?lang=ru`).expect(200);
    expect(ru.body.data.item).toMatchObject({
      title: 'Учитель, готовый к ИИ',
      requiredCourses: ['fixture-inclusive-ict'],
    });
    const authoring = await request(ctx.app)
      .get(`/api/credentials/${slug}/authoring`)
      .set(author.authHeader)
      .expect(200);
    expect(authoring.body.data).toMatchObject({
      translationStatus: { en: 'reviewed', ru: 'draft' },
      state: 'published',
    });
    await request(ctx.app).post(`/api/credentials/${slug}/archive`).set(reviewer.authHeader).expect(200);
    expect((await ctx.db.collection('credential_definitions').findOne({ slug }))?.state).toBe('archived');
    await get(`/api/credentials/${slug}`).expect(404);
  });
});
