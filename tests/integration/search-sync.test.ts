import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import type { SearchEngine } from '../../server/modules/search/search.port';
import { createSearchSync, type SearchSync } from '../../server/modules/search/search.sync';
import { createSearchSyncRepository } from '../../server/modules/search/search-sync.repository';
import { createLogger } from '../../server/shared/logger';
import { itemStore, switchableEngine } from '../helpers/search-fakes';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const logger = createLogger('silent');
const course = (slug: string, title: string, state = 'published') => ({
  slug,
  sourceLanguage: 'en',
  state,
  title: { en: title },
  summary: { en: `${title} summary` },
  audiences: ['teacher'],
  topics: ['digital-skills'],
  collection: null,
});
const find = async (engine: SearchEngine, text: string) =>
  (await engine.query({ text, filters: {}, lang: 'en', page: 1, pageSize: 50 })).hits.map((h) => h.slug);

function setup(collection: string, engine: SearchEngine = createEmbeddedEngine()) {
  const store = itemStore(ctx.db, collection);
  const sync = createSearchSync({
    engine,
    sources: [store.source()],
    state: createSearchSyncRepository(ctx.connection),
    logger,
    lookback: 5,
    batchSize: 7,
  });
  return { store, sync, engine };
}

describe('search sync', () => {
  it('pushes new items, then edits, and stores its watermark in MongoDB', async () => {
    const { store, sync, engine } = setup('sync_basic');
    await store.write(course('alpha', 'Digital skills for teachers'));
    await store.write(course('beta', 'Assessment with rubrics'));
    expect(await sync.runOnce()).toEqual({ upserted: 2, removed: 0 });
    expect(await find(engine, 'rubrics')).toEqual(['beta']);
    await store.write(course('beta', 'Assessment with portfolios'));
    await sync.runOnce();
    expect(await find(engine, 'rubrics')).toEqual([]);
    expect(await find(engine, 'portfolios')).toEqual(['beta']);
    const state = await ctx.db.collection('search_sync').findOne({ _id: engine.indexId as never });
    expect(state).toMatchObject({ watermarks: { course: 3 }, failures: 0 });
    expect(await sync.status()).toMatchObject({ engine: 'embedded', pending: false, lagSeconds: 0 });
  });

  it('removes unpublished (archived, draft) and deleted (tombstoned) items', async () => {
    const { store, sync, engine } = setup('sync_remove');
    await store.write(course('gamma', 'Open data in universities'));
    await store.write(course('delta', 'Open science in universities'));
    await sync.runOnce();
    expect((await find(engine, 'universities')).sort()).toEqual(['delta', 'gamma']);
    await store.write(course('gamma', 'Open data in universities', 'archived'));
    await store.write(course('delta', 'Open science in universities', 'deleted'));
    expect(await sync.runOnce()).toEqual({ upserted: 0, removed: 2 });
    expect(await find(engine, 'universities')).toEqual([]);
    expect(await engine.count()).toBe(0);
  });

  it('picks up a write that committed below the watermark (lookback)', async () => {
    const { store, sync, engine } = setup('sync_late');
    const late = store.nextVersion(); // taken by a slow writer that commits last
    await store.write(course('fast', 'Healthy lifestyles'));
    await sync.runOnce();
    await store.write(course('slow', 'Healthy schools'), late);
    await sync.runOnce();
    expect((await find(engine, 'healthy')).sort()).toEqual(['fast', 'slow']);
  });

  it('skips reading a source when its counter has handed out nothing past the watermark', async () => {
    const { store } = setup('sync_counter');
    const engine = createEmbeddedEngine();
    const inner = store.source();
    let reads = 0;
    let counter = 0;
    const sync = createSearchSync({
      engine,
      sources: [
        {
          ...inner,
          latestVersion: async () => counter,
          changedSince: (w, l) => {
            reads++;
            return inner.changedSince(w, l);
          },
        },
      ],
      state: createSearchSyncRepository(ctx.connection),
      logger,
      lookback: 5,
    });
    await store.write(course('eta', 'Inclusive classrooms'));
    counter = 1;
    expect(await sync.runOnce(false)).toEqual({ upserted: 1, removed: 0 });
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    // Idle background passes: the counter is at the watermark, nothing is read.
    await sync.runOnce(false);
    await sync.runOnce(false);
    expect(reads).toBe(afterFirst);
    // A lookback pass always reads (a version taken earlier may land late).
    await sync.runOnce(true);
    expect(reads).toBeGreaterThan(afterFirst);
    // A new version handed out: the next background pass reads and pushes it.
    await store.write(course('theta', 'Inclusive schools'));
    counter = 2;
    expect(await sync.runOnce(false)).toEqual({ upserted: 1, removed: 0 });
    expect((await find(engine, 'inclusive')).sort()).toEqual(['eta', 'theta']);
  });

  it('stops re-reading a source once the shared counter moved on with another type', async () => {
    const { store } = setup('sync_shared_counter');
    const engine = createEmbeddedEngine();
    const inner = store.source();
    let reads = 0;
    let counter = 0;
    const sync = createSearchSync({
      engine,
      sources: [
        {
          ...inner,
          latestVersion: async () => counter,
          changedSince: (w, l) => {
            reads++;
            return inner.changedSince(w, l);
          },
        },
      ],
      state: createSearchSyncRepository(ctx.connection),
      logger,
      lookback: 5,
    });
    await store.write(course('iota', 'Mobile learning'));
    counter = 5; // versions 2-5 went to resources and credentials (one catalog-wide counter)
    expect(await sync.runOnce(false)).toEqual({ upserted: 1, removed: 0 });
    const state = await ctx.db.collection('search_sync').findOne({ _id: engine.indexId as never });
    expect(state?.watermarks).toMatchObject({ course: 5 });
    const afterFirst = reads;
    await sync.runOnce(false);
    await sync.runOnce(false);
    expect(reads).toBe(afterFirst);
    expect(await sync.status()).toMatchObject({ pending: false });
    expect(reads).toBe(afterFirst); // status() asks the counter first, too
    // A course version handed out before the counter was read but written after: the lookback.
    const late = store.nextVersion();
    await store.write(course('kappa', 'Mobile classrooms'), late);
    await sync.runOnce(true);
    expect((await find(engine, 'mobile')).sort()).toEqual(['iota', 'kappa']);
  });

  it('loses nothing through an outage: 100 edits while down all arrive after recovery', async () => {
    const engine = switchableEngine(createEmbeddedEngine());
    const { store, sync } = setup('sync_outage', engine);
    // Words far apart, so typo tolerance cannot confuse one edit with another.
    const words = ['zero', 'apple', 'mountain', 'river', 'forest', 'ocean'];
    for (let i = 0; i < 20; i++) await store.write(course(`c${i}`, `Course ${i} ${words[0]}`));
    await sync.runOnce();
    engine.down = true;
    for (let round = 1; round <= 5; round++)
      for (let i = 0; i < 20; i++) await store.write(course(`c${i}`, `Course ${i} ${words[round]}`));
    await expect(sync.runOnce()).rejects.toMatchObject({ code: 'search_unavailable' });
    await expect(sync.runOnce()).rejects.toMatchObject({ code: 'search_unavailable' });
    expect(await sync.status()).toMatchObject({ pending: true });
    engine.down = false;
    await sync.runOnce();
    expect(await engine.count()).toBe(20);
    expect(await find(engine, 'ocean')).toHaveLength(20);
    expect(await find(engine, 'forest')).toEqual([]);
    expect(await find(engine, 'zero')).toEqual([]);
    expect(await sync.status()).toMatchObject({ pending: false, lagSeconds: 0 });
  });

  it('lets one process sync an index at a time (lease)', async () => {
    const engine = createEmbeddedEngine();
    const { store, sync } = setup('sync_lease', engine);
    const other: SearchSync = createSearchSync({
      engine,
      sources: [store.source()],
      state: createSearchSyncRepository(ctx.connection),
      logger,
    });
    await store.write(course('epsilon', 'Media literacy'));
    await sync.runOnce();
    await store.write(course('zeta', 'Media and information literacy'));
    expect(await other.runOnce()).toEqual({ upserted: 0, removed: 0 });
    expect((await sync.runOnce()).upserted).toBe(1);
  });

  it('retries in the background and converges once the engine is back', async () => {
    const engine = switchableEngine(createEmbeddedEngine());
    const store = itemStore(ctx.db, 'sync_timer');
    const sync = createSearchSync({
      engine,
      sources: [store.source()],
      state: createSearchSyncRepository(ctx.connection),
      logger,
      intervalMs: 10,
      maxBackoffMs: 40,
    });
    engine.down = true;
    await store.write(course('eta', 'Cyberbullying prevention'));
    sync.start();
    await waitFor(async () => ((await sync.status()).failures ?? 0) >= 2);
    engine.down = false;
    await waitFor(async () => (await find(engine, 'cyberbullying')).length === 1);
    await sync.stop();
    expect(await ctx.db.collection('search_sync').findOne({ _id: engine.indexId as never })).toBeNull();
  });
});

/** Polls `cond` until it holds (no timed assertion: jest's timeout is the only limit). */
async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
}
