import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';

/** A named collection of the catalog, e.g. "E-library for Teachers". */
export interface CollectionDoc {
  _id: import('mongoose').Types.ObjectId;
  slug: string;
  sourceLanguage: string;
  title: Record<string, string>;
  description: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

const CollectionSchema = new Schema<CollectionDoc>(
  {
    slug: { type: String, required: true },
    sourceLanguage: { type: String, required: true },
    title: { type: Object, required: true },
    description: { type: Object, default: {} },
  },
  { collection: 'collections', timestamps: true, versionKey: false, minimize: false },
);

// Indexes: slug unique. Shard-key candidate: none needed (a few dozen documents; unsharded).
CollectionSchema.index({ slug: 1 }, { unique: true });

/** Registers (once per connection) and returns the Collection model. */
export function collectionModel(connection: Connection): Model<CollectionDoc> {
  return modelFor(connection, 'Collection', CollectionSchema);
}
