import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import type { SearchEngine } from '../../server/modules/search/search.port';
import { RebuildIncompleteError, rebuildIndex } from '../../server/modules/search/search.reindex';
import type { SearchSource } from '../../server/modules/search/search.source';
import { createSearchSync } from '../../server/modules/search/search.sync';
import { createSearchSyncRepository } from '../../server/modules/search/search-sync.repository';
import { createLogger } from '../../server/shared/logger';
import { itemStore } from '../helpers/search-fakes';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const logger = createLogger('silent');
const ITEMS = 30;
const course = (slug: string, title: string) => ({
  slug,
  sourceLanguage: 'en',
  state: 'published',
  title: { en: title },
  summary: { en: `${title} summary` },
  audiences: ['teacher'],
  topics: ['digital-skills'],
  collection: null,
});
const find = async (engine: SearchEngine, text: string) =>
  (await engine.query({ text, filters: {}, lang: 'en', page: 1, pageSize: 50 })).hits.map((h) => h.slug);

/** A live embedded index holding ITEMS courses, kept current by a "server" sync. */
async function liveIndex(collection: string) {
  const store = itemStore(ctx.db, collection);
  for (let i = 0; i < ITEMS; i++) await store.write(course(`c${i}`, `Digital skills lesson ${i}`));
  const engine = createEmbeddedEngine();
  const state = createSearchSyncRepository(ctx.connection);
  const source = store.source();
  const server = createSearchSync({ engine, sources: [source], state, logger });
  await server.runOnce();
  return { store, engine, state, source, server };
}

describe('zero-downtime reindex (embedded engine)', () => {
  it('answers every search during the rebuild with the full result set', async () => {
    const { engine, state, source } = await liveIndex('reindex_during');
    let rebuilding = true;
    const rebuild = rebuildIndex({ engine, sources: [source], state, logger, batchSize: 3 }).finally(() => {
      rebuilding = false;
    });
    const totals: number[] = [];
    const counts: number[] = [];
    while (rebuilding) {
      totals.push(
        (await engine.query({ text: 'digital', filters: {}, lang: 'en', page: 1, pageSize: 5 })).total,
      );
      counts.push(await engine.count());
      await new Promise((r) => setImmediate(r));
    }
    expect(await rebuild).toEqual({ indexed: ITEMS, expected: ITEMS });
    expect(totals.length).toBeGreaterThan(1);
    expect(new Set(totals)).toEqual(new Set([ITEMS]));
    expect(new Set(counts)).toEqual(new Set([ITEMS]));
    expect(await find(engine, 'lesson 7')).toContain('c7');
  });

  it('re-pushes a change a server pushed into the old index just before the swap', async () => {
    const { store, engine, state, source, server } = await liveIndex('reindex_late');
    // The edit lands after the new index was filled and before the swap: the server pushes it
    // into the old index, which the swap then throws away.
    const racing: SearchEngine = {
      ...engine,
      rebuild: (fill) =>
        engine.rebuild(async (aside) => {
          await fill(aside);
          await store.write(course('c3', 'Portfolio assessment'));
          await server.runOnce();
        }),
    };
    await rebuildIndex({ engine: racing, sources: [source], state, logger });
    expect(await find(engine, 'portfolio')).toEqual([]);
    await server.runOnce();
    expect(await find(engine, 'portfolio')).toEqual(['c3']);
    expect(await find(engine, 'lesson 3')).not.toContain('c3');
    expect(await engine.count()).toBe(ITEMS);
    const doc = await ctx.db.collection('search_sync').findOne({ _id: engine.indexId as never });
    expect(doc).toMatchObject({ generation: 1, watermarks: { course: ITEMS + 1 } });
  });

  it('keeps the live index when the new one is incomplete or its fill fails', async () => {
    const { engine, state, source } = await liveIndex('reindex_fail');
    const overcounting: SearchSource = { ...source, countSearchable: async () => ITEMS + 1 };
    await expect(rebuildIndex({ engine, sources: [overcounting], state, logger })).rejects.toBeInstanceOf(
      RebuildIncompleteError,
    );
    await expect(engine.rebuild(async () => Promise.reject(new Error('source down')))).rejects.toThrow(
      'source down',
    );
    expect(await engine.count()).toBe(ITEMS);
    expect(await find(engine, 'digital')).toHaveLength(ITEMS);
    const doc = await ctx.db.collection('search_sync').findOne({ _id: engine.indexId as never });
    expect(doc?.generation ?? 0).toBe(0);
    expect(
      await ctx.db.collection('search_sync').countDocuments({ _id: { $regex: 'rebuild' } as never }),
    ).toBe(0);
  });
});
