import type { TestUser } from '../helpers/auth';
import { actingAs, createDraftCourse, setUpCatalog } from '../helpers/catalog';
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

describe('PUT /api/courses/:slug/translations/:lang', () => {
  it('writes one language across course, modules, lessons and quiz by key', async () => {
    const { slug } = await createCourse({
      modules: [
        {
          key: 'm1',
          title: { en: 'Basics' },
          lessons: [
            {
              key: 'l1',
              kind: 'text',
              title: { en: 'What is a prompt?' },
              body: { en: 'A prompt is an instruction.' },
            },
            {
              key: 'q1',
              kind: 'quiz',
              title: { en: 'Quiz' },
              passingScore: 50,
              questions: [
                {
                  key: 'k1',
                  type: 'multiple',
                  prompt: { en: 'Good prompts are…' },
                  options: [
                    { key: 'a', text: { en: 'specific' }, correct: true },
                    { key: 'b', text: { en: 'vague' }, correct: false },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const body = {
      title: 'Составление запросов для учителей',
      modules: {
        m1: {
          title: 'Основы',
          lessons: {
            l1: { title: 'Что такое запрос?', body: 'Запрос — это инструкция.' },
            q1: {
              title: 'Тест',
              questions: { k1: { prompt: 'Хорошие запросы…', options: { a: 'конкретные', b: 'размытые' } } },
            },
          },
        },
      },
    };
    const res = await as(author).put(`/api/courses/${slug}/translations/ru`, body).expect(200);
    expect(res.body.data.translationStatus.ru).toBe('draft');
    const doc = await stored(slug);
    expect(doc?.title.ru).toBe('Составление запросов для учителей');
    expect(doc?.modules[0].lessons[1].questions[0].options[1].text).toEqual({ en: 'vague', ru: 'размытые' });
    const page = await as(author).get(`/api/courses/${slug}?lang=ru`).expect(200);
    expect(page.body.data.item.modules[0].lessons[0]).toMatchObject({
      title: 'Что такое запрос?',
      bodyHtml: '<p>Запрос — это инструкция.</p>\n',
    });
  });

  it('any author may translate a published course, not a draft of someone else', async () => {
    const { slug } = await createCourse();
    await as(otherAuthor).put(`/api/courses/${slug}/translations/zh`, { title: '提示工程' }).expect(404);
    await as(author).post(`/api/courses/${slug}/submit`).expect(200);
    await as(reviewer).post(`/api/courses/${slug}/publish`).expect(200);
    await as(otherAuthor).put(`/api/courses/${slug}/translations/zh`, { title: '提示工程' }).expect(200);
    // Writing the source language is editing, not translating: the owner's or an editor's job.
    await as(otherAuthor).put(`/api/courses/${slug}/translations/en`, { title: 'Hijacked' }).expect(403);
    expect(await stored(slug)).toMatchObject({
      title: { zh: '提示工程' },
      translationStatus: { zh: 'draft' },
    });
    const page = await as(learner).get(`/api/courses/${slug}?lang=zh`).expect(200);
    expect(page.body.data.item).toMatchObject({
      title: '提示工程',
      lang: 'zh',
      fallback: { summary: { lang: 'en' } },
    });
  });

  it('reports keys that name nothing, all at once', async () => {
    const { slug } = await createCourse();
    const res = await as(author)
      .put(`/api/courses/${slug}/translations/zh`, { modules: { nope: { title: '无' } } })
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['modules', 'nope'], code: 'unknown_key' }),
    ]);
  });

  it('a malformed or unknown language tag is 400 invalid_language listing the supported ones', async () => {
    const { slug } = await createCourse();
    for (const tag of ['zz-!!', 'qq']) {
      const res = await as(author)
        .put(`/api/courses/${slug}/translations/${tag}`, { title: 'x' })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'invalid_language', supported: ['en', 'ar', 'ru', 'zh'] });
    }
  });

  it('marking a translation reviewed takes a reviewer; a canonical tag is stored (zh-hans → zh-Hans)', async () => {
    const { slug } = await createCourse();
    await as(author)
      .put(`/api/courses/${slug}/translations/zh-hans`, { status: 'reviewed', title: '提示' })
      .expect(403);
    await as(reviewer)
      .put(`/api/courses/${slug}/translations/zh-hans`, { status: 'reviewed', title: '提示工程' })
      .expect(200);
    expect(await stored(slug)).toMatchObject({
      title: { 'zh-Hans': '提示工程' },
      translationStatus: { 'zh-Hans': 'reviewed' },
    });
  });
});

describe('modules and lessons', () => {
  it('creates, updates, reorders and deletes modules and lessons, checking the database', async () => {
    const { slug } = await createCourse();
    const base = `/api/courses/${slug}/modules`;
    await as(author)
      .post(base, { key: 'intro', title: { en: 'Introduction', ar: 'مقدمة' } })
      .expect(201);
    const second = await as(author)
      .post(base, { title: { en: 'Practice' } })
      .expect(201);
    const practiceKey = second.body.data.modules[1].key as string;
    await as(author)
      .post(base, { key: 'intro', title: { en: 'Again' } })
      .expect(409);

    await as(author)
      .post(`${base}/intro/lessons`, {
        lesson: { key: 'read', kind: 'text', title: { en: 'Read' }, body: { en: 'Text' } },
      })
      .expect(201);
    await as(author)
      .post(`${base}/intro/lessons`, {
        lesson: { key: 'watch', kind: 'link', title: { en: 'Watch' }, url: 'https://example.org/v' },
      })
      .expect(201);
    const bad = await as(author)
      .post(`${base}/intro/lessons`, {
        lesson: { kind: 'link', title: { en: 'X' }, url: 'javascript:alert(1)' },
      })
      .expect(400);
    expect(bad.body.errors[0].path).toEqual(['lesson', 'url']);

    await as(author)
      .patch(`${base}/intro/lessons/read`, { title: { ru: 'Чтение' }, estimatedMinutes: 10 })
      .expect(200);
    const wrongKind = await as(author)
      .patch(`${base}/intro/lessons/read`, { url: 'https://example.org' })
      .expect(400);
    expect(wrongKind.body.errors[0]).toMatchObject({ code: 'not_for_this_kind' });

    await as(author)
      .put(`${base}/intro/lessons/order`, { keys: ['watch', 'read'] })
      .expect(200);
    await as(author)
      .put(`${base}/intro/lessons/order`, { keys: ['watch'] })
      .expect(400);
    await as(author)
      .put(`${base}/order`, { keys: [practiceKey, 'intro'] })
      .expect(200);
    await as(author)
      .patch(`${base}/intro`, { title: { en: 'Getting started' } })
      .expect(200);

    let doc = await stored(slug);
    expect(doc?.modules.map((m: { key: string }) => m.key)).toEqual([practiceKey, 'intro']);
    expect(doc?.modules[1].title).toEqual({ en: 'Getting started', ar: 'مقدمة' });
    expect(doc?.modules[1].lessons.map((l: { key: string }) => l.key)).toEqual(['watch', 'read']);
    expect(doc?.modules[1].lessons[1]).toMatchObject({
      title: { en: 'Read', ru: 'Чтение' },
      estimatedMinutes: 10,
    });
    expect(doc?.translationStatus.ar).toBe('stale');

    await as(author).delete(`${base}/intro/lessons/watch`).expect(200);
    await as(author).delete(`${base}/intro/lessons/watch`).expect(404);
    const version = (await stored(slug))?.version;
    const versioned = await as(author).delete(`${base}/${practiceKey}?version=1`).expect(409);
    expect(versioned.body.currentVersion).toBe(version);
    await as(author).delete(`${base}/${practiceKey}?version=${version}`).expect(200);
    doc = await stored(slug);
    expect(doc?.modules.map((m: { key: string }) => m.key)).toEqual(['intro']);
    expect(doc?.modules[0].lessons.map((l: { key: string }) => l.key)).toEqual(['read']);
  });

  it('a quiz needs exactly one correct option for single choice', async () => {
    const { slug } = await createCourse({ modules: [{ key: 'm', title: { en: 'M' } }] });
    const lesson = {
      kind: 'quiz',
      title: { en: 'Q' },
      passingScore: 80,
      questions: [
        {
          key: 'x',
          type: 'single',
          prompt: { en: 'Pick' },
          options: [
            { key: 'a', text: { en: 'A' }, correct: true },
            { key: 'b', text: { en: 'B' }, correct: true },
          ],
        },
      ],
    };
    const res = await as(author).post(`/api/courses/${slug}/modules/m/lessons`, { lesson }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'correct_options' });
  });
});

describe('GET /api/courses/:slug/authoring', () => {
  it('shows every language and the quiz answers to editors only', async () => {
    const { slug } = await createCourse();
    const res = await as(author).get(`/api/courses/${slug}/authoring`).expect(200);
    expect(res.body.data).toMatchObject({
      slug,
      version: 1,
      title: { en: expect.any(String), ar: expect.any(String) },
    });
    await as(learner).get(`/api/courses/${slug}/authoring`).expect(403);
  });
});

describe('GET /api/translations/worklist', () => {
  it('lists a Serbian-source course for translators into English', async () => {
    const { slug } = await createCourse({
      sourceLanguage: 'sr-Latn',
      title: { 'sr-Latn': 'Veštačka inteligencija u nastavi' },
      summary: { 'sr-Latn': 'Kako nastavnici mogu da koriste AI.' },
    });
    const en = await as(author)
      .get('/api/translations/worklist?lang=en&kind=course&pageSize=100')
      .expect(200);
    const entry = en.body.data.items.find((e: { slug: string }) => e.slug === slug);
    expect(entry).toMatchObject({
      sourceLanguage: 'sr-Latn',
      reason: 'missing',
      missingTexts: 2,
      title: 'Veštačka inteligencija u nastavi',
    });
    expect(entry.fallback.title).toEqual({ lang: 'sr-Latn', dir: 'ltr' });
    const page = await as(author).get(`/api/courses/${slug}?lang=en`).expect(200);
    expect(page.body.data.item).toMatchObject({
      lang: 'sr-Latn',
      dir: 'ltr',
      availableLanguages: ['sr-Latn'],
    });
  });

  it('lists items missing, draft or stale in a language, in that language’s UI', async () => {
    const { slug } = await createCourse({ title: { en: 'Worklist course' } });
    const ru = await as(author)
      .get('/api/translations/worklist?lang=ru&kind=course&pageSize=100')
      .expect(200);
    expect(ru.headers['content-language']).toBe('ru');
    const entry = ru.body.data.items.find((e: { slug: string }) => e.slug === slug);
    expect(entry).toMatchObject({
      kind: 'course',
      reason: 'missing',
      status: null,
      title: 'Worklist course',
      missingTexts: 2,
      totalTexts: 2,
    });
    expect(entry.fallback.title).toEqual({ lang: 'en', dir: 'ltr' });

    await as(author)
      .put(`/api/courses/${slug}/translations/ar`, { title: 'قائمة العمل', summary: 'ملخص' })
      .expect(200);
    const ar = await as(author)
      .get('/api/translations/worklist?lang=ar&kind=course&pageSize=100')
      .expect(200);
    expect(ar.body.data).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(ar.body.data.items.find((e: { slug: string }) => e.slug === slug)).toMatchObject({
      reason: 'draft',
      status: 'draft',
      title: 'قائمة العمل',
      missingTexts: 0,
    });
    await as(learner).get('/api/translations/worklist?lang=ar').expect(403);
    // Another author's drafts stay hidden from the worklist too.
    const others = await as(otherAuthor).get('/api/translations/worklist?lang=ru&pageSize=100').expect(200);
    expect(others.body.data.items.map((e: { slug: string }) => e.slug)).not.toContain(slug);
    await as(author).get('/api/translations/worklist?lang=xx').expect(400);
  });
});
