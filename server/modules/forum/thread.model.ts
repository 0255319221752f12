import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';

/** Visibility of a thread or post. Only `visible` is ever served to non-moderators. */
export const CONTENT_STATUSES = ['visible', 'pending', 'hidden', 'deleted'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** A discussion thread; its opening post holds the body. */
export interface ThreadDoc {
  _id: Types.ObjectId;
  categoryId: string;
  authorId: string;
  /** Plain text (never HTML); bidi controls stripped at write time. */
  title: string;
  lang: string;
  status: ContentStatus;
  locked: boolean;
  pinned: boolean;
  firstPostId: string | null;
  /** Visible replies + opening post (what readers see). */
  postCount: number;
  lastPostAt: Date;
  /** Forum-wide counter stamped on every change, read by the search sync. */
  searchVersion: number;
  /**
   * Changed by what alters a public page without touching search (likes, a reply announced
   * later): with searchVersion it tells page caches their copy is stale.
   */
  pageStamp: string;
  createdAt: Date;
  updatedAt: Date;
}

const ThreadSchema = new Schema<ThreadDoc>(
  {
    categoryId: { type: String, required: true },
    authorId: { type: String, required: true },
    title: { type: String, required: true },
    lang: { type: String, required: true },
    status: { type: String, required: true },
    locked: { type: Boolean, default: false },
    pinned: { type: Boolean, default: false },
    firstPostId: { type: String, default: null },
    postCount: { type: Number, default: 0 },
    lastPostAt: { type: Date, required: true },
    searchVersion: { type: Number, required: true },
    pageStamp: { type: String, default: '' },
  },
  { collection: 'forum_threads', timestamps: true, versionKey: false },
);

// Indexes: a category's listing (pinned first, newest first, _id tie-break for the cursor);
// searchVersion for the search sync. Shard-key candidate: { categoryId: 1, _id: 1 }.
ThreadSchema.index({ categoryId: 1, pinned: -1, createdAt: -1, _id: -1 });
ThreadSchema.index({ searchVersion: 1 });

/** Registers (once per connection) and returns the forum thread model. */
export function threadModel(connection: Connection): Model<ThreadDoc> {
  return modelFor(connection, 'ForumThread', ThreadSchema);
}
