import { createHash } from 'node:crypto';
import type { Category } from './category.repository';
import type { Thread } from './thread.repository';

/** A serialized public response and its ETag: a hit costs no query, no JSON.stringify, no hash. */
export interface CachedBody {
  readonly body: Buffer;
  readonly etag: string;
}

/** What a thread page depends on besides its posts: read once per freshness interval. */
export interface PageHead {
  readonly thread: Thread;
  readonly category: Category;
}

interface HeadEntry {
  readonly head: PageHead;
  readonly stamp: string;
  readonly checkedAt: number;
  readonly epoch: number;
}

export interface PageCacheOptions {
  /** How long a thread's head read is trusted without asking the database again. */
  readonly freshMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Anonymous thread pages, serialized. Validity is decided by the thread's *stamp*
 * (searchVersion, pageStamp — bumped by every change a reader can see, likes included — and the
 * category's updatedAt), read from the database at most once per `freshMs` per thread and
 * shared by the requests that arrive meanwhile. Every forum write in this process calls
 * `invalidate()`, so a process never serves its own stale page; another process's write shows
 * within `freshMs`.
 */
export function createThreadPageCache(options: PageCacheOptions = {}) {
  const freshMs = options.freshMs ?? 1000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  let epoch = 0;
  const heads = new Map<string, HeadEntry>();
  const bodies = new Map<string, { stamp: string; cached: CachedBody }>();
  const inflight = new Map<string, Promise<unknown>>();

  // Requests that need the same read while it runs share it (no stampede after a change).
  function once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => inflight.delete(key));
    inflight.set(key, started);
    return started;
  }

  function remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > maxEntries) map.delete(map.keys().next().value as string);
  }

  async function headOf(threadId: string, load: () => Promise<PageHead>): Promise<HeadEntry> {
    const known = heads.get(threadId);
    if (known && known.epoch === epoch && now() - known.checkedAt < freshMs) return known;
    return once(`head:${threadId}`, async () => {
      // Stamped with the epoch and time *before* the read: a write during it makes it stale.
      const startedEpoch = epoch;
      const checkedAt = now();
      const head = await load();
      const entry = { head, stamp: stampOf(head), checkedAt, epoch: startedEpoch };
      remember(heads, threadId, entry);
      return entry;
    });
  }

  const lists = new Map<string, { cached: CachedBody; checkedAt: number; epoch: number }>();

  return {
    /**
     * A serialized anonymous list (a category's threads): reused for `freshMs` unless a forum
     * write in this process happened since, built once however many readers ask meanwhile.
     */
    async recent(key: string, build: () => Promise<unknown>): Promise<CachedBody> {
      const known = lists.get(key);
      if (known && known.epoch === epoch && now() - known.checkedAt < freshMs) return known.cached;
      return once(`list:${key}`, async () => {
        const startedEpoch = epoch;
        const checkedAt = now();
        const cached = serialize(await build());
        remember(lists, key, { cached, checkedAt, epoch: startedEpoch });
        return cached;
      });
    },

    /** Marks every head stale (called after each forum write in this process). */
    invalidate(): void {
      epoch += 1;
    },

    /**
     * The serialized page `variant` (locale, cursor, limit) of a thread: from the cache while the
     * thread's stamp is unchanged, else built by `build` (which may throw, e.g. 404).
     */
    async serve(
      threadId: string,
      variant: string,
      load: () => Promise<PageHead>,
      build: (head: PageHead) => Promise<unknown>,
    ): Promise<CachedBody> {
      const { head, stamp } = await headOf(threadId, load);
      const key = `${threadId}|${variant}`;
      const hit = bodies.get(key);
      if (hit && hit.stamp === stamp) return hit.cached;
      return once(`body:${key}:${stamp}`, async () => {
        const cached = serialize(await build(head));
        remember(bodies, key, { stamp, cached });
        return cached;
      });
    },
  };
}

export type ThreadPageCache = ReturnType<typeof createThreadPageCache>;

function stampOf({ thread, category }: PageHead): string {
  return `${thread.searchVersion}:${thread.pageStamp}:${category.updatedAt.getTime()}`;
}

/** Encodes a response body once (strings as they are, anything else as JSON) with its weak ETag. */
export function serialize(data: unknown): CachedBody {
  const body = Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
  return { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * Wraps a repository so that each of its `writes` methods invalidates the page cache when it
 * settles (also when it fails: a failed write may still have changed something).
 */
export function invalidatingWrites<T extends object>(
  repo: T,
  writes: readonly (keyof T)[],
  invalidate: () => void,
): T {
  const wrapped: T = { ...repo };
  for (const name of writes) {
    const write = repo[name] as (...args: unknown[]) => Promise<unknown>;
    Object.assign(wrapped, {
      [name]: async (...args: unknown[]) => {
        try {
          return await write.apply(wrapped, args);
        } finally {
          invalidate();
        }
      },
    });
  }
  return wrapped;
}
