import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { Topic } from '../../shared/vocabulary';
import { addContentIndexes, contentBaseFields, contentSchemaOptions, localizedField } from './content.model';
import type { ContentBase, LocalizedMap } from './content.types';

export const RESOURCE_TYPES = ['report', 'policy-brief', 'guide', 'teachers-manual', 'toolkit'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** A publication of the library; each language edition is its own file. */
export interface Resource extends ContentBase {
  type: ResourceType;
  year: number;
  authors: string[];
  partners: string[];
  topics: Topic[];
  title: LocalizedMap;
  abstract: LocalizedMap;
  /** Language tag → GridFS file id of that edition. */
  files: LocalizedMap;
  coverImageFileId: string | null;
}

const ResourceSchema = new Schema<Resource>(
  {
    ...contentBaseFields,
    type: { type: String, required: true },
    year: { type: Number, required: true },
    authors: { type: [String], default: [] },
    partners: { type: [String], default: [] },
    topics: { type: [String], default: [] },
    title: localizedField,
    abstract: localizedField,
    files: localizedField,
    coverImageFileId: { type: String, default: null },
  },
  contentSchemaOptions('resources'),
);

// Indexes: see addContentIndexes (slug unique, state+publishedAt, searchVersion, authorId).
// Shard-key candidate: { slug: 'hashed' } (lookups by slug); unsharded at current size.
addContentIndexes(ResourceSchema);

/** Registers (once per connection) and returns the Resource model. */
export function resourceModel(connection: Connection): Model<Resource> {
  return modelFor(connection, 'Resource', ResourceSchema);
}
