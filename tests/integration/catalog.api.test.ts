import path from 'node:path';
import request from 'supertest';
import { seedCatalog } from '../../server/modules/catalog/catalog.seed';
import { createUser } from '../helpers/auth';
import { anotherProcess, createTestContext, type TestContext } from '../helpers/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'content');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await seedCatalog(ctx.services.catalog, ctx.services.repositories.collections, FIXTURES);
});
afterAll(() => ctx.close());

const get = (url: string, lang?: string) => {
  const req = request(ctx.app).get(url);
  return lang ? req.set('Accept-Language', lang) : req;
};

describe('GET /api/courses/:slug in the reader’s language', () => {
  it.each([
    ['en', 'Inclusive Education with ICT', 'ltr', 'Foundations'],
    ['ar', 'التعليم الشامل باستخدام تكنولوجيا المعلومات والاتصالات', 'rtl', 'الأسس'],
    ['ru', 'Инклюзивное образование с помощью ИКТ', 'ltr', 'Основы'],
    ['zh', '借助信息通信技术推进全纳教育', 'ltr', '基础'],
  ])('%s', async (lang, title, dir, moduleTitle) => {
    const res = await get('/api/courses/fixture-inclusive-ict', lang).expect(200);
    expect(res.headers['content-language']).toBe(lang);
    const { data } = res.body;
    expect(data).toMatchObject({ lang, item: { slug: 'fixture-inclusive-ict', title, lang, dir } });
    expect(data.item.modules[0]).toMatchObject({ key: 'm1', title: moduleTitle, lang, dir });
    expect(data.item.availableLanguages).toEqual(['ar', 'en', 'ru', 'zh']);
  });

  it('falls back per field, saying into which language, and flags stale translations', async () => {
    const { body } = await get('/api/courses/fixture-inclusive-ict?lang=zh').expect(200);
    const item = body.data.item;
    // zh has a title but no summary/description: those fall back to the source (en).
    expect(item.fallback).toEqual({
      summary: { lang: 'en', dir: 'ltr' },
      description: { lang: 'en', dir: 'ltr' },
    });
    expect(item.summary).toBe('Assistive technologies and universal design for every classroom.');
    const lesson = item.modules[0].lessons[0];
    expect(lesson).toMatchObject({ title: 'Why inclusion matters', fallback: { title: { lang: 'en' } } });

    const ru = (await get('/api/courses/fixture-inclusive-ict?lang=ru').expect(200)).body.data.item;
    expect(ru.stale).toBe(true);
    expect(ru.fallback).toEqual({});
    const ar = (await get('/api/courses/fixture-inclusive-ict?lang=ar').expect(200)).body.data.item;
    expect(ar.stale).toBe(false);
  });

  it('an Arabic reader of a Russian-source course gets the source language, rtl only where Arabic', async () => {
    const { body } = await get('/api/courses/fixture-healthy-schools', 'ar').expect(200);
    expect(body.data).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(body.data.item).toMatchObject({ title: 'Здоровая школа', lang: 'ru', dir: 'ltr' });
    expect(body.data.item.fallback.title).toEqual({ lang: 'ru', dir: 'ltr' });
  });

  it('a script subtag falls back to its base language (zh-Hans → zh) without a fallback flag', async () => {
    const { body } = await get('/api/courses/fixture-healthy-schools?lang=zh-Hans').expect(200);
    expect(body.data.lang).toBe('zh-Hans');
    expect(body.data.item).toMatchObject({ title: '健康学校', lang: 'zh' });
    expect(body.data.item.fallback.title).toBeUndefined();
  });

  it('never exposes which quiz options are correct, nor the feedback', async () => {
    const { body } = await get('/api/courses/fixture-inclusive-ict?lang=ar').expect(200);
    const quiz = body.data.item.modules[0].lessons[2];
    expect(quiz).toMatchObject({ kind: 'quiz', passingScore: 70, maxAttempts: 3 });
    expect(quiz.questions[0].prompt).toBe('ما معنى UDL؟');
    expect(quiz.questions[0].options).toEqual([
      { key: 'a', text: 'التصميم الشامل للتعلم' },
      { key: 'b', text: 'المكتبة الرقمية الموحدة' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/correct|feedback/);
  });

  it('renders Markdown to sanitized HTML and keeps the Markdown as written', async () => {
    const { body } = await get('/api/courses/fixture-inclusive-ict?lang=en').expect(200);
    expect(body.data.item.description).toContain('<script>alert(1)</script>');
    expect(body.data.item.descriptionHtml).toContain('<h2>What you will learn</h2>');
    expect(body.data.item.descriptionHtml).not.toContain('<script');
    const stored = await ctx.db.collection('courses').findOne({ slug: 'fixture-inclusive-ict' });
    expect(stored?.description.en).toContain('<script>alert(1)</script>');
  });

  it('answers 404 not_found for an unknown slug, localized', async () => {
    const res = await get('/api/courses/no-such-course', 'ru').expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'not_found', lang: 'ru', kind: 'course' });
  });
});

describe('GET /api/courses', () => {
  it('lists published courses with pagination and localized cards', async () => {
    const { body } = await get('/api/courses?pageSize=1&sort=title', 'en').expect(200);
    expect(body.pagination).toEqual({ page: 1, pageSize: 1, total: 2 });
    expect(body.data.items).toHaveLength(1);
    expect(body.data.items[0]).toMatchObject({ slug: 'fixture-healthy-schools', title: 'Healthy Schools' });
    expect(body.data.items[0].modules).toBeUndefined();
    const page2 = (await get('/api/courses?pageSize=1&page=2&sort=title', 'en').expect(200)).body;
    expect(page2.data.items[0].slug).toBe('fixture-inclusive-ict');
  });

  it.each([
    ['audience=parent', ['fixture-healthy-schools']],
    ['topic=inclusive-education', ['fixture-inclusive-ict']],
    ['collection=eduhub-health-education', ['fixture-healthy-schools']],
    ['format=self-paced', ['fixture-inclusive-ict']],
    ['level=intermediate', ['fixture-healthy-schools']],
    ['available=ar', ['fixture-inclusive-ict']],
    ['available=zh', ['fixture-healthy-schools']],
    ['available=ru&sort=title', ['fixture-healthy-schools']],
  ])('filters by %s', async (query, slugs) => {
    const { body } = await get(`/api/courses?${query}`).expect(200);
    expect(body.data.items.map((c: { slug: string }) => c.slug)).toEqual(slugs);
    expect(body.pagination.total).toBe(slugs.length);
  });

  it('sorts by title in the reader’s language (Arabic)', async () => {
    const { body } = await get('/api/courses?sort=title', 'ar').expect(200);
    expect(body.data).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(body.data.items.map((c: { title: string }) => c.title)).toEqual([
      'التعليم الشامل باستخدام تكنولوجيا المعلومات والاتصالات',
      'Здоровая школа',
    ]);
    expect(body.data.items[1]).toMatchObject({ lang: 'ru', dir: 'ltr', fallback: { title: { lang: 'ru' } } });
  });

  it('rejects unknown filters and values with every issue listed', async () => {
    const { body } = await get('/api/courses?audience=pilots&colour=red').expect(400);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string[] }) => e.path.join('.')).sort()).toEqual(['', 'audience']);
  });

  it('rejects a malformed available= language', async () => {
    const { body } = await get('/api/courses?available=xx-!!').expect(400);
    expect(body.errors[0]).toMatchObject({ path: ['available'] });
  });

  it('drafts are listed only for signed-in editors', async () => {
    await get('/api/courses?state=draft').expect(401);
    const reviewer = await createUser(ctx, { roles: ['reviewer'] });
    const res = await get('/api/courses?state=draft').set(reviewer.authHeader).expect(200);
    expect(res.body.pagination.total).toBe(0);
  });
});

describe('localized labels', () => {
  it.each([
    ['en', 'Introductory', '4 hours', '3 lessons', 'Teacher'],
    ['ar', 'تمهيدي', '4 ساعات', '3 دروس', 'معلم'],
    ['ru', 'Начальный', '4 часа', '3 урока', 'Учитель'],
    ['zh', '入门', '4 小时', '3 节课', '教师'],
  ])('course labels and GET /api/catalog/vocabulary in %s', async (lang, level, hours, lessons, teacher) => {
    const { body } = await get(`/api/courses/fixture-inclusive-ict?lang=${lang}`).expect(200);
    expect(body.data.item).toMatchObject({
      levelLabel: level,
      estimatedHoursLabel: hours,
      lessonCountLabel: lessons,
      lessonCount: 3,
    });
    const vocab = await get(`/api/catalog/vocabulary?lang=${lang}`).expect(200);
    expect(vocab.body.data.audiences[0]).toEqual({ key: 'teacher', label: teacher });
    expect(vocab.body.data.states.map((s: { key: string }) => s.key)).toEqual([
      'draft',
      'in_review',
      'published',
      'archived',
    ]);
    for (const list of Object.values(vocab.body.data).filter(Array.isArray)) {
      for (const entry of list as { key: string; label: string }[])
        expect(entry.label).not.toMatch(/^(catalog|vocabulary):|\./);
    }
    expect(vocab.body.data.dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
  });
});

describe('the public page cache', () => {
  it('sends an ETag and answers 304 to a client that has the page', async () => {
    const first = await get('/api/courses/fixture-inclusive-ict?lang=ar').expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    await get('/api/courses/fixture-inclusive-ict?lang=ar').set('If-None-Match', etag).expect(304);
    const ru = await get('/api/courses/fixture-inclusive-ict?lang=ru').set('If-None-Match', etag).expect(200);
    expect(ru.headers.etag).not.toBe(etag);
  });

  it('serves repeated reads from cache and drops them on a write', async () => {
    const { cache } = ctx.services.catalog;
    cache.clear();
    await get('/api/courses/fixture-healthy-schools?lang=en').expect(200);
    await get('/api/courses?lang=en').expect(200);
    expect(cache.size).toBe(2);
    const staff = await createUser(ctx, { roles: ['staff'] });
    const before = (
      await get('/api/courses/fixture-healthy-schools/authoring').set(staff.authHeader).expect(200)
    ).body.data;
    await request(ctx.app)
      .patch('/api/courses/fixture-healthy-schools')
      .set(staff.authHeader)
      .send({ version: before.version, title: { en: 'Healthy Schools for All' } })
      .expect(200);
    expect(cache.size).toBe(0);
    const { body } = await get('/api/courses/fixture-healthy-schools?lang=en').expect(200);
    expect(body.data.item.title).toBe('Healthy Schools for All');
  });

  it('keeps the collection list in memory; a write through the repository shows at once', async () => {
    const slugs = async () =>
      ((await get('/api/collections?lang=en').expect(200)).body.data.items as { slug: string }[]).map(
        (c) => c.slug,
      );
    const before = await slugs();
    expect(before.length).toBeGreaterThan(0);
    const outside = {
      slug: 'written-elsewhere',
      sourceLanguage: 'en',
      title: { en: 'Elsewhere' },
      description: {},
    };
    await ctx.db.collection('collections').insertOne(outside);
    expect(await slugs()).toEqual(before); // another writer: seen within 30 s, not at once
    await ctx.services.repositories.collections.upsert({
      slug: 'written-here',
      sourceLanguage: 'en',
      title: { en: 'Here' },
      description: {},
    });
    expect(await slugs()).toEqual([...before, 'written-elsewhere', 'written-here'].sort());
    expect(await ctx.db.collection('collections').countDocuments({ slug: /^written-/ })).toBe(2);
  });

  it("serves another process's write within seconds (the catalog revision), not after a TTL", async () => {
    const other = await anotherProcess(ctx);
    try {
      const page = '/api/courses/fixture-inclusive-ict?lang=en';
      const title = async () => (await get(page).expect(200)).body.data.item.title as string;
      const old = await title();
      const { cache } = ctx.services.catalog;
      expect(cache.size).toBeGreaterThan(0);
      const staff = await createUser(ctx, { roles: ['staff'] });
      const authoring = await request(other.app)
        .get('/api/courses/fixture-inclusive-ict/authoring')
        .set(staff.authHeader)
        .expect(200);
      await request(other.app)
        .patch('/api/courses/fixture-inclusive-ict')
        .set(staff.authHeader)
        .send({ version: authoring.body.data.version, title: { en: 'Inclusive Education, revised' } })
        .expect(200);
      // This process did not write: only the revision check can drop its cached page (checked
      // once a second; the bound leaves room for a loaded CI machine).
      const until = Date.now() + 15_000;
      let seen = old;
      while (seen === old && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await title();
      }
      expect(seen).toBe('Inclusive Education, revised');
    } finally {
      await other.close();
    }
  });
});
