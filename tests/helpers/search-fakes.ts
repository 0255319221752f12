import type { Collection, Db } from 'mongodb';
import { type CatalogItem, catalogSource } from '../../server/modules/search/catalog.source';
import type { SearchEngine } from '../../server/modules/search/search.port';
import type { SearchSource } from '../../server/modules/search/search.source';
import { AppError } from '../../server/shared/errors';

/** An engine that can be switched off, to simulate a search outage around a real engine. */
export function switchableEngine(inner: SearchEngine): SearchEngine & { down: boolean } {
  const state = { down: false };
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (state.down) throw new AppError('search_unavailable', { retryAfterSeconds: 5 });
      return fn(...a);
    };
  return Object.assign(state, {
    name: inner.name,
    indexId: inner.indexId,
    settings: guard(inner.settings),
    upsert: guard(inner.upsert),
    remove: guard(inner.remove),
    query: guard(inner.query),
    suggest: guard(inner.suggest),
    count: guard(inner.count),
    clear: guard(inner.clear),
    rebuild: guard(inner.rebuild),
    health: async () => !state.down && (await inner.health()),
    close: inner.close,
  });
}

/**
 * Catalog-shaped items in a real collection, written the way the catalog writes them: every
 * write takes the next searchVersion from a counter. Used where the test needs to control
 * the order of writes (late commits, tombstones) beyond what the catalog API exposes.
 */
export function itemStore(db: Db, name = 'search_items') {
  const items: Collection<CatalogItem & { _id: string }> = db.collection(name);
  let counter = 0;
  return {
    nextVersion: () => ++counter,
    async write(item: Omit<CatalogItem, 'searchVersion' | 'updatedAt'>, version = ++counter) {
      const doc = { ...item, searchVersion: version, updatedAt: new Date() };
      await items.replaceOne({ _id: item.slug }, doc, { upsert: true });
    },
    source(): SearchSource {
      return catalogSource('course', {
        listChangedSince: async (watermark, limit) =>
          items
            .find({ searchVersion: { $gt: watermark } })
            .sort({ searchVersion: 1 })
            .limit(limit)
            .toArray(),
        count: (filter) => items.countDocuments(filter),
      });
    },
  };
}
