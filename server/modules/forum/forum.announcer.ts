import type { ForumDeps } from './forum.deps';
import { announceToOthers, type FollowersOf, isOpening, recount } from './forum.writer';
import type { Post } from './post.repository';
import type { Thread } from './thread.repository';

// One background worker takes up to this many waiting announcements at a time: their recounts
// coalesce per thread and one update marks the whole batch announced.
const BATCH = 50;
// Past this many waiting, new ones are left to the sweep (the post is durable, nothing is lost).
const MAX_WAITING = 1000;

interface Pending {
  readonly thread: Thread;
  readonly post: Post;
}

/**
 * Announcing a visible post (recount, outreach event, notifications) off the request path. The
 * post itself is the outbox record: it is stored with `announced: false` and marked only after
 * every effect succeeded, each effect being idempotent (event id, unique notification, recount),
 * so a crash or error at any point leaves a post the sweep announces again, counted once.
 */
export function createAnnouncer(deps: ForumDeps, onError: (err: unknown) => void) {
  const waiting: Pending[] = [];
  let worker: Promise<void> | null = null;

  /**
   * Announces a batch: one recount per thread (and per category of new threads), then each
   * post's event and notifications one after another (the database serves requests meanwhile),
   * then one update marks announced the posts whose every effect succeeded.
   */
  async function announceBatch(batch: readonly Pending[]): Promise<void> {
    await recountBatch(batch);
    const followers = new Map<string, Promise<string[]>>();
    const followersOf: FollowersOf = (t) => {
      const key = `${t.targetType}:${t.targetId}`;
      if (!followers.has(key)) followers.set(key, deps.notifications.followers(t));
      return followers.get(key) as Promise<string[]>;
    };
    const done: string[] = [];
    for (const { thread, post } of batch) {
      try {
        await announceToOthers(deps, thread, post, followersOf);
        done.push(post.id);
      } catch (err) {
        onError(err);
      }
    }
    if (done.length > 0) await deps.posts.markAnnounced(done);
  }

  async function recountBatch(batch: readonly Pending[]): Promise<void> {
    const threads = new Map<string, { thread: Thread; last: Date; categories: Set<string> }>();
    for (const { thread, post } of batch) {
      const entry = threads.get(thread.id) ?? { thread, last: post.createdAt, categories: new Set() };
      if (post.createdAt > entry.last) entry.last = post.createdAt;
      if (isOpening(thread, post)) entry.categories.add(thread.categoryId);
      threads.set(thread.id, entry);
    }
    for (const { thread, last, categories } of threads.values())
      await recount(deps, thread, last, [...categories]);
  }

  async function drain(): Promise<void> {
    while (waiting.length > 0) await announceBatch(waiting.splice(0, BATCH)).catch(onError);
    worker = null;
  }

  return {
    /** Queues the announcement of a post just written; returns at once. */
    later(thread: Thread, post: Post): void {
      if (waiting.length >= MAX_WAITING) return;
      waiting.push({ thread, post });
      worker ??= drain();
    },

    /** Posts waiting for their announcement, plus the batch being announced (/readyz). */
    backlog(): number {
      return waiting.length + (worker ? 1 : 0);
    },

    /** Resolves once every queued announcement has finished (tests, shutdown). */
    async idle(): Promise<void> {
      while (worker) await worker;
    },

    /** Announces visible posts left unannounced for `graceMs` (a crash, an error, a full queue). */
    async sweep(now: Date, graceMs: number, limit = 200): Promise<number> {
      const stale = await deps.posts.listUnannounced(new Date(now.getTime() - graceMs), limit);
      const batch: Pending[] = [];
      for (const post of stale) {
        const thread = await deps.threads.findById(post.threadId);
        if (thread) batch.push({ thread, post });
      }
      await announceBatch(batch);
      return stale.length;
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;
