import request from 'supertest';
import { seedContent } from '../../scripts/seed';
import { catalogSources } from '../../server/modules/search/catalog.source';
import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import { createSearchSync } from '../../server/modules/search/search.sync';
import { createSearchSyncRepository } from '../../server/modules/search/search-sync.repository';
import { createLogger } from '../../server/shared/logger';
import { switchableEngine } from '../helpers/search-fakes';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
  await seedContent(ctx.services);
  await ctx.searchSync.runOnce();
});
afterAll(() => ctx.close());

const courses = () => ctx.services.catalog.repositories.courses;
const search = (q: string, lang = 'en') =>
  request(ctx.app).get('/api/search').query({ q }).set('Accept-Language', lang).expect(200);
const slugs = (res: request.Response) => res.body.data.items.map((i: { slug: string }) => i.slug);

describe('search over the seeded catalog (catalog → sync → index → API)', () => {
  it('indexes every published course, resource and credential definition', async () => {
    const published = await Promise.all(
      ['courses', 'resources', 'credentials'].map((k) =>
        ctx.services.catalog.repositories[k as 'courses'].count({ state: 'published' }),
      ),
    );
    expect(await ctx.search.count()).toBe(published.reduce((a, b) => a + b, 0));
    const browse = await request(ctx.app).get('/api/search').expect(200);
    expect(browse.body.pagination.total).toBe(await ctx.search.count());
  });

  it.each([
    ['en', 'Greening TVET', 'ict-in-greening-tvet'],
    ['ru', 'экологизация профессионального образования', 'ict-in-greening-tvet'],
    ['ar', 'التنمر الالكتروني', 'preventing-bullying-and-cyberbullying'],
    ['zh', '网络欺凌', 'preventing-bullying-and-cyberbullying'],
  ])('finds seed content in %s (%s)', async (lang, q, slug) => {
    const res = await search(q, lang);
    expect(slugs(res)).toContain(slug);
    const item = res.body.data.items.find((i: { slug: string }) => i.slug === slug);
    expect(item.lang).toBe(lang);
  });

  it('drops a course once it is archived, and brings it back when republished', async () => {
    const slug = 'ict-in-greening-tvet';
    const before = await courses().findBySlug(slug);
    if (!before) throw new Error('seed course missing');
    const archived = await courses().update(slug, before.version, { state: 'archived' });
    await ctx.searchSync.runOnce();
    expect(slugs(await search('greening'))).not.toContain(slug);
    await courses().update(slug, archived.version, { state: 'published' });
    await ctx.searchSync.runOnce();
    expect(slugs(await search('greening'))).toContain(slug);
  });

  it('never fails a catalog write while search is down, and converges after (100 edits)', async () => {
    const engine = switchableEngine(createEmbeddedEngine());
    const sync = createSearchSync({
      engine,
      sources: catalogSources(ctx.services.catalog.repositories),
      state: createSearchSyncRepository(ctx.connection),
      logger: createLogger('silent'),
    });
    await sync.runOnce();
    const indexed = await engine.count();
    engine.down = true;
    const all = await courses().find({ state: 'published' }, { exclude: ['modules'] });
    const targets = all.slice(0, 10);
    const marks = [
      'kestrel',
      'heron',
      'osprey',
      'plover',
      'avocet',
      'curlew',
      'dunlin',
      'gannet',
      'puffin',
      'skua',
    ];
    for (const mark of marks) {
      for (const c of targets) {
        const current = await courses().findBySlug(c.slug);
        if (!current) throw new Error('course vanished');
        await courses().update(c.slug, current.version, {
          title: { ...current.title, en: `${c.slug} ${mark}` },
        });
      }
    }
    await expect(sync.runOnce()).rejects.toMatchObject({ code: 'search_unavailable' });
    expect(await sync.status()).toMatchObject({ pending: true });
    engine.down = false;
    await sync.runOnce();
    expect(await engine.count()).toBe(indexed);
    const found = await engine.query({ text: 'skua', filters: {}, lang: 'en', page: 1, pageSize: 50 });
    expect(found.hits.map((h) => h.slug).sort()).toEqual(targets.map((c) => c.slug).sort());
    const stale = await engine.query({ text: 'puffin', filters: {}, lang: 'en', page: 1, pageSize: 50 });
    expect(stale.total).toBe(0);
    expect(await sync.status()).toMatchObject({ pending: false, lagSeconds: 0 });
    await sync.stop();
  }, 300_000);
});
