import type { Schema, SchemaDefinition } from 'mongoose';
import { PUBLICATION_STATES } from './content.types';

/** Schema fields every content model shares (see ContentBase). */
export const contentBaseFields: SchemaDefinition = {
  slug: { type: String, required: true },
  sourceLanguage: { type: String, required: true },
  translationStatus: { type: Object, default: {} },
  reviewedLanguages: { type: [String], default: [] },
  state: { type: String, enum: PUBLICATION_STATES, required: true, default: 'draft' },
  version: { type: Number, required: true, default: 1 },
  searchVersion: { type: Number, required: true, default: 0 },
  authorId: { type: String, default: null },
  publishedAt: { type: Date, default: null },
};

/** A translatable field: an object keyed by language tag (BCP 47 tags never contain "."). */
export const localizedField = { type: Object, default: {} };

/** Options shared by content schemas: timestamps, no __v (we keep our own `version`). */
export function contentSchemaOptions(collection: string) {
  return { collection, timestamps: true, versionKey: false as const, minimize: false, strict: true };
}

/**
 * Indexes every content collection has. slug unique (lookups, duplicate → 409); state +
 * publishedAt (public lists, newest first); searchVersion (search sync); authorId (my drafts).
 * Array fields (topics, audiences, reviewedLanguages) are filtered in the query without an
 * index: the catalog is small and FerretDB's SQLite backend does not index arrays.
 */
export function addContentIndexes(schema: Schema): void {
  schema.index({ slug: 1 }, { unique: true });
  schema.index({ state: 1, publishedAt: -1 });
  schema.index({ searchVersion: 1 });
  schema.index({ authorId: 1 });
}
