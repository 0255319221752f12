import request from 'supertest';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let author: TestUser;
let otherAuthor: TestUser;
let reviewer: TestUser;
let learner: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await ctx.services.repositories.collections.upsert({
    slug: 'e-library-for-teachers',
    sourceLanguage: 'en',
    title: { en: 'E-library for Teachers' },
    description: {},
  });
  [author, otherAuthor, reviewer, learner] = await Promise.all([
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['reviewer'] }),
    createUser(ctx, { roles: ['learner'] }),
  ]);
});
afterAll(() => ctx.close());

let n = 0;
const newCourse = (overrides: Record<string, unknown> = {}) => ({
  slug: `course-${++n}-${Date.now().toString(36)}`,
  sourceLanguage: 'en',
  title: { en: 'Prompt Engineering for Teachers', ar: 'هندسة الأوامر للمعلمين' },
  summary: { en: 'Write prompts that help learning.' },
  level: 'introductory',
  format: 'self-paced',
  audiences: ['teacher'],
  topics: ['ai-in-education'],
  collection: 'e-library-for-teachers',
  ...overrides,
});

const as = (user: TestUser) => ({
  get: (url: string) => request(ctx.app).get(url).set(user.authHeader),
  post: (url: string, body: object = {}) => request(ctx.app).post(url).set(user.authHeader).send(body),
  patch: (url: string, body: object) => request(ctx.app).patch(url).set(user.authHeader).send(body),
  put: (url: string, body: object) => request(ctx.app).put(url).set(user.authHeader).send(body),
  delete: (url: string) => request(ctx.app).delete(url).set(user.authHeader),
});
const stored = (slug: string) => ctx.db.collection('courses').findOne({ slug });

async function createCourse(overrides: Record<string, unknown> = {}) {
  const res = await as(author).post('/api/courses', newCourse(overrides)).expect(201);
  return res.body.data as { slug: string; version: number };
}

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
    await as(author).get('/api/translations/worklist?lang=xx').expect(400);
  });
});
