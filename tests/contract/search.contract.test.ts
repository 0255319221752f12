import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import { createMeiliEngine } from '../../server/modules/search/meili.engine';
import type { SearchEngine, SearchFilters, SearchResult } from '../../server/modules/search/search.port';
import { searchCorpus } from '../helpers/search-corpus';

// One suite, every engine available: embedded always, Meilisearch when MEILI_URL is set.
const { meiliUrl, meiliApiKey } = loadConfig({ ...process.env, NODE_ENV: 'test' }).search;
const engines: [string, () => SearchEngine][] = [['embedded', () => createEmbeddedEngine()]];
if (meiliUrl) {
  const uid = `test_${randomBytes(4).toString('hex')}`;
  engines.push(['meilisearch', () => createMeiliEngine(meiliUrl, meiliApiKey, uid)]);
}

const slugs = (r: SearchResult) => r.hits.map((h) => h.slug);

describe.each(engines)('search contract: %s', (_name, make) => {
  let engine: SearchEngine;
  const find = (text: string, filters: SearchFilters = {}, page = 1) =>
    engine.query({ text, filters, lang: 'en', page, pageSize: 20 });

  beforeAll(async () => {
    engine = make();
    await engine.settings();
    await engine.settings(); // idempotent: the second call changes nothing
    await engine.clear();
    await engine.upsert(searchCorpus());
  });
  afterAll(async () => {
    await engine.clear();
    await engine.close();
  });

  it('counts what it indexed, and upserting again does not duplicate', async () => {
    await engine.upsert(searchCorpus().slice(0, 2));
    expect(await engine.count()).toBe(searchCorpus().length);
  });

  it.each([
    ['Latin', 'inclusve', 'inclusive-education-ict'],
    ['Cyrillic', 'профилактка', 'preventing-bullying'],
    ['Arabic', 'التنمور', 'preventing-bullying'],
  ])('tolerates a typo in %s script (%s)', async (_script, q, slug) => {
    expect(slugs(await find(q))).toContain(slug);
  });

  it.each([
    ['without diacritics', 'الحياة الصحية', 'healthy-lifestyles'],
    ['with diacritics', 'الحَيَاةُ الصِّحِّيَّة', 'healthy-lifestyles'],
    ['with the alef variant hamza below', 'إنماط', 'healthy-lifestyles'],
    ['with the bare alef', 'انماط', 'healthy-lifestyles'],
    ['without the article ال', 'تنمر', 'preventing-bullying'],
    ['with the article and a preposition (بال)', 'بالتنمر', 'preventing-bullying'],
    ['taa marbuta written as haa', 'المدرسه', 'preventing-bullying'],
  ])('matches Arabic %s', async (_case, q, slug) => {
    expect(slugs(await find(q))).toContain(slug);
  });

  it.each([
    ['an inflected form', 'травлей', 'preventing-bullying'],
    ['another case of the same noun', 'образованию инклюзивному', 'inclusive-education-ict'],
    ['е for ё', 'зеленые', 'healthy-lifestyles'],
    ['ё for е', 'свёжем воздухе', 'healthy-lifestyles'],
  ])('matches Russian %s', async (_case, q, slug) => {
    expect(slugs(await find(q))).toContain(slug);
  });

  it('segments a Chinese query written without spaces', async () => {
    expect(slugs(await find('预防欺凌'))).toEqual(['preventing-bullying']);
    expect(slugs(await find('开放数据'))).toEqual(['open-data-higher-education']);
  });

  it.each([
    ['ИИ', 'gender-equality-ai'],
    ['人工智能', 'gender-equality-ai'],
    ['الذكاء الاصطناعي', 'gender-equality-ai'],
    ['artificial intelligence', 'gender-equality-ai'],
    ['ИКТ', 'inclusive-education-ict'],
    ['全纳教育', 'digital-technologies-inclusive-education'],
    ['bullying', 'preventing-bullying'],
  ])('finds across languages through the synonym %s', async (q, slug) => {
    expect(slugs(await find(q))).toContain(slug);
  });

  it('does not turn a synonym into its neighbour group', async () => {
    expect(slugs(await find('ИКТ'))).not.toContain('gender-equality-ai');
  });

  it('counts facets over all matches and filters without changing the counts of other pages', async () => {
    const all = await find('inclusive');
    expect(all.total).toBe(2);
    expect(all.facets.type).toEqual({ course: 1, resource: 1 });
    expect(all.facets.topic['inclusive-education']).toBe(2);
    const resources = await find('inclusive', { type: 'resource' });
    expect(slugs(resources)).toEqual(['digital-technologies-inclusive-education']);
    expect(resources.facets.type).toEqual({ resource: 1 });
  });

  it.each([
    ['audience', { audience: 'parent' }, ['healthy-lifestyles', 'preventing-bullying']],
    ['topic', { topic: 'higher-education' }, ['open-data-higher-education', 'genai-teaching-tool']],
    ['collection', { collection: 'eduhub-health-education' }, ['healthy-lifestyles', 'preventing-bullying']],
  ])('filters by %s when browsing (empty text: newest first)', async (_f, filters, expected) => {
    const r = await find('', filters as SearchFilters);
    expect(slugs(r)).toEqual(expected);
    expect(r.total).toBe(expected.length);
  });

  it('keeps quotes, OR and parentheses inside a filter value', async () => {
    const r = await find('', { audience: 'teacher" OR type = "course' });
    expect(r.total).toBe(0);
    const r2 = await find('', { collection: '(eduhub-health-education) OR (1 = 1)' });
    expect(r2.total).toBe(0);
  });

  it('pages through results', async () => {
    const p1 = await engine.query({ text: '', filters: {}, lang: 'en', page: 1, pageSize: 3 });
    const p3 = await engine.query({ text: '', filters: {}, lang: 'en', page: 3, pageSize: 3 });
    expect(p1.total).toBe(searchCorpus().length);
    expect(p1.hits).toHaveLength(3);
    expect(p3.hits).toHaveLength(1);
  });

  it('suggests titles as the user types (last word as a prefix)', async () => {
    const hits = await engine.suggest('preventing bull', 'en', 5);
    expect(hits.map((h) => h.slug)).toEqual(['preventing-bullying']);
    const ru = await engine.suggest('инклюз', 'ru', 5);
    expect(ru.map((h) => h.slug).sort()).toEqual([
      'digital-technologies-inclusive-education',
      'inclusive-education-ict',
    ]);
  });

  it('returns nothing for a query made only of stop words', async () => {
    expect((await find('the and of')).total).toBe(0);
  });

  it('forgets removed items, and an updated item is found by its new text only', async () => {
    const [first] = searchCorpus();
    if (!first) throw new Error('empty corpus');
    await engine.upsert([{ ...first, title: { en: 'Prompt engineering for lecturers' }, summary: {} }]);
    expect(slugs(await find('lecturers'))).toEqual([first.slug]);
    expect(slugs(await find('генеративный'))).not.toContain(first.slug);
    await engine.remove([{ type: first.type, slug: first.slug }]);
    expect(slugs(await find('lecturers'))).toEqual([]);
    expect(await engine.count()).toBe(searchCorpus().length - 1);
    await engine.upsert([first]);
  });
});
