import { type Connection, type Model, Schema, type Types } from 'mongoose';
import { modelFor } from '../../shared/db';
import type { ContentStatus } from './thread.model';

/** One earlier version of a post body (moderators can read the history). */
export interface PostRevision {
  body: string;
  lang: string;
  editedAt: Date;
  editorId: string;
}

/** The post a reply quotes, copied at write time so a later edit does not change the quote. */
export interface PostQuote {
  postId: string;
  authorId: string;
  /** Markdown excerpt of the quoted post, rendered like any body. */
  body: string;
  html: string;
  lang: string;
}

/** A post: Markdown source and its sanitized HTML, language and direction. Likes live in reactions. */
export interface PostDoc {
  _id: Types.ObjectId;
  threadId: string;
  categoryId: string;
  authorId: string;
  body: string;
  html: string;
  /** MARKDOWN_RENDERER_VERSION `html` (and the quote's) was rendered with; re-rendered on read when older. */
  renderVersion: number;
  /** BCP 47 tag (given by the author or detected from the script). */
  lang: string;
  dir: 'ltr' | 'rtl';
  quote: PostQuote | null;
  attachments: string[];
  status: ContentStatus;
  /** Why a moderator hid or deleted it (shown to moderators). */
  moderationReason: string | null;
  history: PostRevision[];
  /** False until recount, outreach event and notifications are done (the post is its own outbox record). */
  announced: boolean;
  editedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const PostSchema = new Schema<PostDoc>(
  {
    threadId: { type: String, required: true },
    categoryId: { type: String, required: true },
    authorId: { type: String, required: true },
    body: { type: String, required: true },
    html: { type: String, required: true },
    renderVersion: { type: Number, default: 0 },
    lang: { type: String, required: true },
    dir: { type: String, required: true },
    quote: { type: Schema.Types.Mixed, default: null },
    attachments: { type: [String], default: [] },
    status: { type: String, required: true },
    moderationReason: { type: String, default: null },
    history: {
      type: [{ _id: false, body: String, lang: String, editedAt: Date, editorId: String }],
      default: [],
    },
    announced: { type: Boolean, default: true },
    editedAt: { type: Date, default: null },
  },
  { collection: 'forum_posts', timestamps: true, versionKey: false },
);

// Indexes: a thread's posts in (createdAt, _id) order — the cursor; the moderation queue's
// pending posts; an author's approved posts (first-post approval). Shard-key: { threadId: 1, _id: 1 }.
PostSchema.index({ threadId: 1, createdAt: 1, _id: 1 });
PostSchema.index({ status: 1, createdAt: 1 });
PostSchema.index({ authorId: 1, status: 1 });
// The announcement sweep: visible posts still unannounced after a grace period.
PostSchema.index({ announced: 1, createdAt: 1 });

/** A like: one document per (post, user), so a like is idempotent even when sent twice at once. */
export interface ReactionDoc {
  _id: Types.ObjectId;
  postId: string;
  userId: string;
  kind: 'like';
  createdAt: Date;
}

const ReactionSchema = new Schema<ReactionDoc>(
  {
    postId: { type: String, required: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
  },
  { collection: 'forum_reactions', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Shard-key candidate: { postId: 1 }.
ReactionSchema.index({ postId: 1, userId: 1, kind: 1 }, { unique: true });

/** Registers (once per connection) and returns the forum post model. */
export function postModel(connection: Connection): Model<PostDoc> {
  return modelFor(connection, 'ForumPost', PostSchema);
}

/** Registers (once per connection) and returns the reaction model. */
export function reactionModel(connection: Connection): Model<ReactionDoc> {
  return modelFor(connection, 'ForumReaction', ReactionSchema);
}
