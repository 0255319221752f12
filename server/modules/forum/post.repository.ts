import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../shared/error-mapping';
import { afterAscending, type CursorPosition } from './forum.cursor';
import { isObjectId, plain } from './forum.ids';
import {
  type PostDoc,
  type PostQuote,
  type PostRevision,
  postModel,
  type ReactionDoc,
  reactionModel,
} from './post.model';
import type { ContentStatus } from './thread.model';

export type Post = Readonly<Omit<PostDoc, '_id'> & { id: string }>;
export type NewPost = Omit<
  Post,
  'id' | 'createdAt' | 'updatedAt' | 'history' | 'editedAt' | 'moderationReason' | 'announced'
>;
export type PostEdit = Pick<Post, 'body' | 'html' | 'renderVersion' | 'lang' | 'dir'>;

/** Which posts of a thread a reader sees: statuses, plus the reader's own pending posts. */
export interface PostVisibility {
  readonly statuses: readonly ContentStatus[];
  readonly ownerId?: string | undefined;
}

export interface PostRepository {
  /** Inserts a post, unannounced (`announced: false`) until markAnnounced (pending ones: after approval). */
  create(input: NewPost, at: Date): Promise<Post>;
  findById(id: string): Promise<Post | null>;
  /** A thread's posts in (createdAt, _id) order after `cursor`: new posts only ever append. */
  listByThread(
    threadId: string,
    seen: PostVisibility,
    cursor: CursorPosition | null,
    limit: number,
  ): Promise<Post[]>;
  /** Replaces the body, keeping the previous one in `history`. */
  edit(id: string, edit: PostEdit, revision: PostRevision): Promise<Post | null>;
  /** Moves a post from one of `from` to `to`; null when it was in none of them. */
  setStatus(
    id: string,
    from: readonly ContentStatus[],
    to: ContentStatus,
    reason: string | null,
  ): Promise<Post | null>;
  countByAuthor(authorId: string, status: ContentStatus): Promise<number>;
  countVisible(threadId: string): Promise<number>;
  listByStatus(
    status: ContentStatus,
    filter: { categoryId?: string | undefined; lang?: string | undefined },
    limit: number,
  ): Promise<Post[]>;
  moveThread(threadId: string, categoryId: string): Promise<void>;
  /** Records a like once per user; `added` is false for a repeat (also when sent concurrently). */
  like(postId: string, userId: string): Promise<{ added: boolean }>;
  unlike(postId: string, userId: string): Promise<{ removed: boolean }>;
  likedBy(userId: string, postIds: readonly string[]): Promise<Set<string>>;
  /** Stores a fresh render of a post (and its quote) made with renderer `version`. */
  storeRender(id: string, html: string, quote: PostQuote | null, version: number): Promise<void>;
  /** Visible posts created before `before` whose announcement has not completed. */
  listUnannounced(before: Date, limit: number): Promise<Post[]>;
  markAnnounced(ids: readonly string[]): Promise<void>;
  /** Likes per post, counted from the reaction documents (exact; no stored counter to drift). */
  likeCounts(postIds: readonly string[]): Promise<Map<string, number>>;
}

/** Forum posts and reactions on one connection; plain objects only. */
export function createPostRepository(connection: Connection): PostRepository {
  const Posts = postModel(connection);
  const Reactions = reactionModel(connection);
  const one = (doc: PostDoc | null) => (doc ? plain(doc) : null);
  return {
    async create(input, at) {
      const doc = await Posts.create({ ...input, announced: false, createdAt: at, updatedAt: at });
      return plain(doc.toObject());
    },
    async findById(id) {
      return isObjectId(id) ? one(await Posts.findById(id).lean<PostDoc>()) : null;
    },
    async listByThread(threadId, seen, cursor, limit) {
      const shown: Record<string, unknown>[] = [{ status: { $in: seen.statuses } }];
      if (seen.ownerId) shown.push({ authorId: seen.ownerId, status: 'pending' });
      const parts: Record<string, unknown>[] = [{ threadId }, { $or: shown }];
      if (cursor) parts.push(afterAscending(cursor));
      const docs = await Posts.find({ $and: parts })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .lean<PostDoc[]>();
      return docs.map(plain);
    },
    async edit(id, edit, revision) {
      const doc = await Posts.findOneAndUpdate(
        { _id: id, status: { $in: ['visible', 'pending'] } },
        { $set: { ...edit, editedAt: revision.editedAt }, $push: { history: revision } },
        { returnDocument: 'after' },
      ).lean<PostDoc>();
      return one(doc);
    },
    async setStatus(id, from, to, reason) {
      const doc = await Posts.findOneAndUpdate(
        { _id: id, status: { $in: from } },
        { $set: { status: to, moderationReason: reason } },
        { returnDocument: 'after' },
      ).lean<PostDoc>();
      return one(doc);
    },
    countByAuthor: (authorId, status) => Posts.countDocuments({ authorId, status }),
    countVisible: (threadId) => Posts.countDocuments({ threadId, status: 'visible' }),
    async listByStatus(status, filter, limit) {
      const query: Record<string, unknown> = { status };
      if (filter.categoryId) query.categoryId = filter.categoryId;
      if (filter.lang) query.lang = filter.lang;
      const docs = await Posts.find(query).sort({ createdAt: 1 }).limit(limit).lean<PostDoc[]>();
      return docs.map(plain);
    },
    async moveThread(threadId, categoryId) {
      await Posts.updateMany({ threadId }, { $set: { categoryId } });
    },
    async like(postId, userId) {
      try {
        await Reactions.create({ postId, userId, kind: 'like' });
      } catch (err) {
        if (isDuplicateKey(err)) return { added: false };
        throw err;
      }
      return { added: true };
    },
    async unlike(postId, userId) {
      const { deletedCount } = await Reactions.deleteOne({ postId, userId, kind: 'like' });
      return { removed: deletedCount > 0 };
    },
    async storeRender(id, html, quote, version) {
      await Posts.updateOne({ _id: id }, { $set: { html, quote, renderVersion: version } });
    },
    async listUnannounced(before, limit) {
      const docs = await Posts.find({ announced: false, status: 'visible', createdAt: { $lt: before } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<PostDoc[]>();
      return docs.map(plain);
    },
    async markAnnounced(ids) {
      await Posts.updateMany({ _id: { $in: [...ids] } }, { $set: { announced: true } });
    },
    async likedBy(userId, postIds) {
      const docs = await Reactions.find({ userId, postId: { $in: postIds } }).lean<ReactionDoc[]>();
      return new Set(docs.map((d) => d.postId));
    },
    async likeCounts(postIds) {
      const rows = await Reactions.aggregate<{ _id: string; n: number }>([
        { $match: { postId: { $in: [...postIds] } } },
        { $group: { _id: '$postId', n: { $sum: 1 } } },
      ]);
      return new Map(rows.map((r) => [r._id, r.n]));
    },
  };
}
