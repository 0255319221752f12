import { type Connection, Types } from 'mongoose';
import type { Sequence } from '../catalog/sequence.model';
import { afterPinnedDescending, type CursorPosition } from './forum.cursor';
import { isObjectId, plain } from './forum.ids';
import { type ContentStatus, type ThreadDoc, threadModel } from './thread.model';

export type Thread = Readonly<Omit<ThreadDoc, '_id'> & { id: string }>;
export type NewThread = Pick<Thread, 'categoryId' | 'authorId' | 'title' | 'lang' | 'status'>;
export type ThreadPatch = Partial<
  Pick<Thread, 'status' | 'locked' | 'pinned' | 'categoryId' | 'firstPostId'>
>;

export interface ThreadRepository {
  create(input: NewThread, at: Date): Promise<Thread>;
  findById(id: string): Promise<Thread | null>;
  /** A category's threads in `statuses`, pinned first then newest, after `cursor`. */
  listByCategory(
    categoryId: string,
    statuses: readonly ContentStatus[],
    cursor: CursorPosition | null,
    limit: number,
  ): Promise<Thread[]>;
  /** Sets fields and stamps a new searchVersion; null when the thread does not exist. */
  update(id: string, patch: ThreadPatch): Promise<Thread | null>;
  /** New pageStamp (and last post time): readers' caches drop their copy; no search re-index. */
  touch(id: string, lastPostAt?: Date): Promise<void>;
  /** Stores a recounted number of visible posts (and the last post time); new searchVersion. */
  setPostCount(id: string, postCount: number, lastPostAt: Date | null): Promise<void>;
  countVisibleIn(categoryId: string): Promise<number>;
  countByStatus(status: ContentStatus): Promise<number>;
  /** Threads whose searchVersion is above `watermark`, ascending. */
  listChangedSince(watermark: number, limit: number): Promise<Thread[]>;
  /** The last searchVersion the forum's counter handed out (one read by `_id`). */
  latestSearchVersion(): Promise<number>;
}

/** Forum threads; every write takes a new searchVersion from the forum counter. */
export function createThreadRepository(connection: Connection, nextVersion: Sequence) {
  const Threads = threadModel(connection);
  const repo: ThreadRepository = {
    async create(input, at) {
      const doc = await Threads.create({ ...input, lastPostAt: at, searchVersion: await nextVersion() });
      return plain(doc.toObject());
    },
    async findById(id) {
      if (!isObjectId(id)) return null;
      const doc = await Threads.findById(id).lean<ThreadDoc>();
      return doc ? plain(doc) : null;
    },
    async listByCategory(categoryId, statuses, cursor, limit) {
      const filter: Record<string, unknown> = { categoryId, status: { $in: statuses } };
      const docs = await Threads.find(cursor ? { $and: [filter, afterPinnedDescending(cursor)] } : filter)
        .sort({ pinned: -1, createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<ThreadDoc[]>();
      return docs.map(plain);
    },
    async update(id, patch) {
      if (!isObjectId(id)) return null;
      const doc = await Threads.findByIdAndUpdate(
        id,
        { $set: { ...patch, searchVersion: await nextVersion() } },
        { returnDocument: 'after' },
      ).lean<ThreadDoc>();
      return doc ? plain(doc) : null;
    },
    async touch(id, lastPostAt) {
      const set: Record<string, unknown> = { pageStamp: new Types.ObjectId().toHexString() };
      if (lastPostAt) set.lastPostAt = lastPostAt;
      await Threads.updateOne({ _id: id }, { $set: set });
    },
    async setPostCount(id, postCount, lastPostAt) {
      const set: Record<string, unknown> = { postCount, searchVersion: await nextVersion() };
      if (lastPostAt) set.lastPostAt = lastPostAt;
      await Threads.updateOne({ _id: id }, { $set: set });
    },
    countVisibleIn: (categoryId) => Threads.countDocuments({ categoryId, status: 'visible' }),
    countByStatus: (status) => Threads.countDocuments({ status }),
    latestSearchVersion: () => nextVersion.current(),
    async listChangedSince(watermark, limit) {
      const docs = await Threads.find({ searchVersion: { $gt: watermark } })
        .sort({ searchVersion: 1 })
        .limit(limit)
        .lean<ThreadDoc[]>();
      return docs.map(plain);
    },
  };
  return repo;
}
