import { type Connection, type Model, Schema } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { Audience, CourseFormat, Level, Topic } from '../../shared/vocabulary';
import { addContentIndexes, contentBaseFields, contentSchemaOptions, localizedField } from './content.model';
import type { ContentBase, LocalizedMap } from './content.types';
import type { Lesson } from './course.schemas';

/** A module: an ordered group of lessons, embedded in its course. */
export interface CourseModule {
  key: string;
  title: LocalizedMap;
  lessons: Lesson[];
}

/**
 * A course with its modules and lessons embedded: one read serves the course page and every
 * edit is one atomic, version-checked update (no transactions needed). Arrays hold objects,
 * never arrays, and translatable fields are objects keyed by language tag.
 */
export interface Course extends ContentBase {
  title: LocalizedMap;
  summary: LocalizedMap;
  description: LocalizedMap;
  audiences: Audience[];
  topics: Topic[];
  level: Level;
  format: CourseFormat;
  collection: string | null;
  partners: string[];
  estimatedHours: number | null;
  coverImageFileId: string | null;
  modules: CourseModule[];
}

const CourseSchema = new Schema<Course>(
  {
    ...contentBaseFields,
    title: localizedField,
    summary: localizedField,
    description: localizedField,
    audiences: { type: [String], default: [] },
    topics: { type: [String], default: [] },
    level: { type: String, required: true },
    format: { type: String, required: true },
    collection: { type: String, default: null },
    partners: { type: [String], default: [] },
    estimatedHours: { type: Number, default: null },
    coverImageFileId: { type: String, default: null },
    modules: { type: [Object], default: [] },
  },
  // `collection` is the catalog collection's slug; mongoose reserves the name on documents, but
  // repositories only ever read lean objects.
  { ...contentSchemaOptions('courses'), suppressReservedKeysWarning: true },
);

// Indexes: see addContentIndexes (slug unique, state+publishedAt, searchVersion, authorId).
// Shard-key candidate: { slug: 'hashed' } — every read and write addresses one course by slug;
// a catalog of thousands of courses fits one shard, so the collection stays unsharded for now.
addContentIndexes(CourseSchema);

/** Registers (once per connection) and returns the Course model. */
export function courseModel(connection: Connection): Model<Course> {
  return modelFor(connection, 'Course', CourseSchema);
}
