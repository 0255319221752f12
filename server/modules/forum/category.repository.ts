import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { type CategoryDoc, categoryModel } from './category.model';
import { isObjectId, plain } from './forum.ids';

export type Category = Readonly<Omit<CategoryDoc, '_id'> & { id: string }>;
export type NewCategory = Omit<Category, 'id' | 'createdAt' | 'updatedAt' | 'threadCount'>;

export interface CategoryRepository {
  /** Inserts; null when the key is taken. */
  create(input: NewCategory): Promise<Category | null>;
  /** The category with `key`, created with `input` if missing (course and competition categories). */
  ensure(input: NewCategory): Promise<Category>;
  findById(id: string): Promise<Category | null>;
  list(filter: { kind?: string | undefined; scope?: string | undefined }): Promise<Category[]>;
  setThreadCount(id: string, threadCount: number): Promise<void>;
}

/** Forum categories on one connection; plain objects only. */
export function createCategoryRepository(connection: Connection): CategoryRepository {
  const Categories = categoryModel(connection);
  const byKey = async (key: string) => {
    const doc = await Categories.findOne({ key }).lean<CategoryDoc>();
    return doc ? plain(doc) : null;
  };
  return {
    async create(input) {
      try {
        return plain((await Categories.create(input)).toObject());
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
    },
    async ensure(input) {
      const found = await byKey(input.key);
      if (found) return found;
      const created = await this.create(input);
      // Created by a concurrent request between our read and insert: read theirs.
      return created ?? ((await byKey(input.key)) as Category);
    },
    async findById(id) {
      if (!isObjectId(id)) return null;
      const doc = await Categories.findById(id).lean<CategoryDoc>();
      return doc ? plain(doc) : null;
    },
    async list(filter) {
      const query: Record<string, unknown> = {};
      if (filter.kind) query.kind = filter.kind;
      if (filter.scope) query.scope = filter.scope;
      const docs = await Categories.find(query)
        .sort({ position: 1, _id: 1 })
        .limit(500)
        .lean<CategoryDoc[]>();
      return docs.map(plain);
    },
    async setThreadCount(id, threadCount) {
      await Categories.updateOne({ _id: id }, { $set: { threadCount } });
    },
  };
}
