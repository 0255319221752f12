import type { Connection } from 'mongoose';
import { type CollectionDoc, collectionModel } from './collection.model';

export type CatalogCollection = Readonly<Omit<CollectionDoc, '_id'>>;
export type CollectionInput = Pick<CatalogCollection, 'slug' | 'sourceLanguage' | 'title' | 'description'>;

export interface CollectionRepository {
  list(): Promise<CatalogCollection[]>;
  /** Inserts or replaces by slug (used by the seed). */
  upsert(input: CollectionInput): Promise<void>;
}

/** Catalog collections; returns plain objects only. */
export function createCollectionRepository(connection: Connection): CollectionRepository {
  const Collection = collectionModel(connection);
  return {
    async list() {
      const docs = await Collection.find().sort({ slug: 1 }).lean<CollectionDoc[]>();
      return docs.map(({ _id, ...rest }) => rest);
    },
    async upsert(input) {
      await Collection.updateOne({ slug: input.slug }, { $set: input }, { upsert: true });
    },
  };
}
