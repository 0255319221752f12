import type { Connection } from 'mongoose';
import { type CollectionDoc, collectionModel } from './collection.model';

export type CatalogCollection = Readonly<Omit<CollectionDoc, '_id'>>;
export type CollectionInput = Pick<CatalogCollection, 'slug' | 'sourceLanguage' | 'title' | 'description'>;

export interface CollectionRepository {
  list(): Promise<CatalogCollection[]>;
  /** Inserts or replaces by slug (used by the seed). */
  upsert(input: CollectionInput): Promise<void>;
}

/**
 * How long a process keeps the list in memory. Collections change only through the seed (no
 * route writes them), and the public list and the course checks read them on every call.
 */
const LIST_TTL_MS = 30_000;

/** Catalog collections; returns plain objects only. */
export function createCollectionRepository(
  connection: Connection,
  now: () => number = Date.now,
): CollectionRepository {
  const Collection = collectionModel(connection);
  let cached: { at: number; items: Promise<CatalogCollection[]> } | null = null;
  const load = async () => {
    const docs = await Collection.find().sort({ slug: 1 }).lean<CollectionDoc[]>();
    return docs.map(({ _id, ...rest }) => rest);
  };
  return {
    list() {
      if (!cached || now() - cached.at >= LIST_TTL_MS) {
        const entry = { at: now(), items: load() };
        // A failed read (database down) is not kept: the next call asks again.
        entry.items.catch(() => {
          if (cached === entry) cached = null;
        });
        cached = entry;
      }
      return cached.items;
    },
    async upsert(input) {
      cached = null;
      await Collection.updateOne({ slug: input.slug }, { $set: input }, { upsert: true });
      cached = null;
    },
  };
}
