import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** What a category is about: a topic, a region, one course, or a competition's entries. */
export const CATEGORY_KINDS = ['topic', 'region', 'course', 'competition'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** Who may start threads and reply in a category. */
export const POSTING_POLICIES = ['everyone', 'enrolled', 'staff'] as const;
export type PostingPolicy = (typeof POSTING_POLICIES)[number];

/** A forum category. `key` is stable and unique (`course-<slug>`, `topic-<topic>` …). */
export interface CategoryDoc {
  _id: Types.ObjectId;
  key: string;
  kind: CategoryKind;
  /** The topic (vocabulary key), region code, course slug or competition id it belongs to. */
  scope: string | null;
  title: Record<string, string>;
  description: Record<string, string>;
  /** BCP 47 tag new threads default to when their language is neither given nor detected. */
  defaultLanguage: string;
  postingPolicy: PostingPolicy;
  position: number;
  threadCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const CategorySchema = new Schema<CategoryDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: CATEGORY_KINDS, required: true },
    scope: { type: String, default: null },
    title: { type: Schema.Types.Mixed, required: true },
    description: { type: Schema.Types.Mixed, default: {} },
    defaultLanguage: { type: String, required: true },
    postingPolicy: { type: String, enum: POSTING_POLICIES, required: true },
    position: { type: Number, default: 0 },
    threadCount: { type: Number, default: 0 },
  },
  { collection: 'forum_categories', timestamps: true, versionKey: false, minimize: false },
);

// Indexes: key unique (one category per course / competition). Shard-key candidate: none (small).
CategorySchema.index({ key: 1 }, { unique: true });
CategorySchema.index({ kind: 1, position: 1 });

/** Registers (once per connection) and returns the forum category model. */
export function categoryModel(connection: Connection): Model<CategoryDoc> {
  return modelFor(connection, 'ForumCategory', CategorySchema);
}
