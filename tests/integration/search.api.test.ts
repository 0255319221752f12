import request from 'supertest';
import { searchCorpus } from '../helpers/search-corpus';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await ctx.search.upsert(searchCorpus());
});
afterAll(() => ctx.close());

const get = (query: Record<string, string | string[]>, lang = 'en', path = '/api/search') =>
  request(ctx.app).get(path).query(query).set('Accept-Language', lang);

/** The highlighted substrings of a text. */
const marked = (text: string, spans: [number, number][]) => spans.map(([s, e]) => text.slice(s, e));

describe('GET /api/search', () => {
  it('finds, counts facets, pages and highlights in the reader language', async () => {
    const res = await get({ q: 'inclusive' }).expect(200);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body.pagination).toEqual({ page: 1, pageSize: 10, total: 2 });
    const [first] = res.body.data.items;
    expect(first).toMatchObject({ lang: 'en', dir: 'ltr', fallback: {} });
    expect(first.href).toMatch(/^\/api\/(courses|resources)\//);
    expect(marked(first.title, first.highlights.title)).toEqual(['Inclusive']);
    expect(res.body.data.facets.type).toEqual({
      label: 'Type',
      values: [
        { value: 'course', count: 1, label: 'Course' },
        { value: 'resource', count: 1, label: 'Publication' },
      ],
    });
    expect(res.body.data.facets.topic.values).toContainEqual({ value: 'inclusive-education', count: 2 });
  });

  it('answers in Arabic, right to left, and highlights the word whatever its spelling', async () => {
    const res = await get({ q: 'التنمر' }, 'ar').expect(200);
    const [item] = res.body.data.items;
    expect(item).toMatchObject({ slug: 'preventing-bullying', lang: 'ar', dir: 'rtl' });
    expect(marked(item.title, item.highlights.title)).toEqual(['التنمر', 'والتنمر']);
    expect(res.body.data.facets.type.label).toBe('النوع');
  });

  it('finds an English-only item from a Russian synonym, saying it fell back to English', async () => {
    const res = await get({ q: 'ИИ', lang: 'ru' }).expect(200);
    const item = res.body.data.items.find((i: { slug: string }) => i.slug === 'gender-equality-ai');
    expect(item).toMatchObject({ lang: 'en', fallback: { title: 'en', summary: 'en' } });
    expect(marked(item.title, item.highlights.title)).toEqual(['AI']);
  });

  it('highlights a Chinese phrase found without spaces', async () => {
    const res = await get({ q: '预防欺凌' }, 'zh-CN').expect(200);
    const [item] = res.body.data.items;
    expect(item.slug).toBe('preventing-bullying');
    expect(marked(item.title, item.highlights.title)).toEqual(['预防', '欺凌', '欺凌']);
  });

  it('browses without q: every published item, newest first, filtered', async () => {
    const all = await get({}).expect(200);
    expect(all.body.pagination.total).toBe(searchCorpus().length);
    expect(all.body.data.items[0].slug).toBe('open-data-higher-education');
    const parents = await get({ audience: 'parent', type: 'course' }).expect(200);
    expect(parents.body.data.items.map((i: { slug: string }) => i.slug)).toEqual([
      'healthy-lifestyles',
      'preventing-bullying',
    ]);
    const page2 = await get({ pageSize: '5', page: '2' }).expect(200);
    expect(page2.body.data.items).toHaveLength(2);
  });

  it.each([
    ['a blank q', { q: '   ' }, 'search_query_blank'],
    ['a 4 kB q', { q: 'x'.repeat(4000) }, 'search_query_too_long'],
    ['q given twice', { q: ['a', 'b'] }, 'invalid_type'],
    ['an unknown filter', { q: 'ai', sort: 'title' }, 'unrecognized_keys'],
    ['filter syntax in a value', { audience: 'teacher" OR type = "course' }, 'invalid_value'],
    ['parentheses in a collection', { collection: '(a) OR (1 = 1)' }, 'invalid_format'],
    ['page 0', { page: '0' }, 'too_small_number'],
  ])('rejects %s with a localized 400', async (_case, query, code) => {
    const res = await get(query as Record<string, string>, 'ru').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors[0]).toMatchObject({ code });
    expect(res.body.title).toMatch(/[А-Яа-я]/);
  });

  it('explains a too long query in the reader language', async () => {
    const res = await get({ q: 'x'.repeat(201) }, 'ru').expect(400);
    expect(res.body.errors[0].message).toBe('Поисковый запрос может содержать не более 200 символов.');
  });
});

describe('GET /api/search/suggest', () => {
  it('suggests titles as the user types, in the reader language', async () => {
    const res = await get({ q: 'инклюз' }, 'ru', '/api/search/suggest').expect(200);
    const titles = res.body.data.items.map((i: { title: string }) => i.title);
    expect(titles).toContain('Введение в инклюзивное образование с использованием ИКТ');
    const item = res.body.data.items[0];
    expect(marked(item.title, item.highlights.title)[0]).toMatch(/^инклюзивн/);
  });

  it('needs q', async () => {
    await get({}, 'en', '/api/search/suggest').expect(400);
  });
});

describe('/readyz', () => {
  it('reports the search sync', async () => {
    const res = await request(ctx.app).get('/readyz').expect(200);
    expect(res.body.data.searchSync).toMatchObject({ engine: 'embedded', pending: false, lagSeconds: 0 });
  });
});

describe('search engine unreachable', () => {
  let down: TestContext;
  beforeAll(async () => {
    // A closed local port: the Meilisearch client fails at once, as when the service is down.
    down = await createTestContext(__filename, { env: { MEILI_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(() => down.close());

  it('answers 503 with Retry-After, localized, never 500', async () => {
    const res = await request(down.app)
      .get('/api/search')
      .query({ q: 'ai' })
      .set('Accept-Language', 'zh')
      .expect(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ code: 'search_unavailable', title: '搜索暂时不可用' });
    await request(down.app).get('/api/search/suggest').query({ q: 'ai' }).expect(503);
  });

  it('shows search down in /readyz', async () => {
    const res = await request(down.app).get('/readyz').expect(503);
    expect(res.body.checks).toMatchObject({ search: 'down' });
  });
});
