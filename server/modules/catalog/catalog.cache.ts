/**
 * A small in-process cache for public catalog pages (published content only). Every catalog
 * write clears it, so a process never serves its own stale data. Writes of other processes
 * (behind a load balancer) are noticed through the catalog's revision — the shared counter every
 * course, resource and credential write takes a value from (`catalog.searchVersion`): at most once
 * per `checkEveryMs`, a `get` starts one read of it by `_id` in the background, and a new value
 * clears the cache. The counter is taken before the write lands, so the cache keeps being cleared
 * at each check for `settleMs` after a change (a page read in between may still be the old one).
 * `ttlMs` only bounds how long an entry lives if the revision cannot be read: while it is read,
 * entries never expire by age (expiring together, the pages cached at start-up were all rebuilt
 * at once five minutes later — a burst of full scans that stalled the soak bench).
 */
export interface CatalogCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  clear(): void;
  readonly size: number;
}

export interface CatalogCacheOptions {
  readonly maxEntries?: number;
  readonly ttlMs?: number;
  /** The catalog's current revision (one cheap read); without it entries live for `ttlMs`. */
  readonly revision?: () => Promise<number>;
  readonly checkEveryMs?: number;
  readonly settleMs?: number;
  readonly now?: () => number;
}

/** An LRU map bounded by `maxEntries`, entries expiring after `ttlMs`, cleared on a new revision. */
export function createCatalogCache(options: CatalogCacheOptions = {}) {
  const maxEntries = options.maxEntries ?? 1000;
  const ttlMs = options.ttlMs ?? (options.revision ? 300_000 : 30_000);
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const settleMs = options.settleMs ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expires: number }>();
  let lastCheck = Number.NEGATIVE_INFINITY;
  let checking = false;
  let known: number | undefined;
  let changedAt = Number.NEGATIVE_INFINITY;
  let confirmedAt = Number.NEGATIVE_INFINITY;

  const check = () => {
    const revision = options.revision;
    if (!revision || checking || now() - lastCheck < checkEveryMs) return;
    checking = true;
    lastCheck = now();
    revision()
      .then(
        (value) => {
          if (known !== undefined && value !== known) changedAt = now();
          known = value;
          confirmedAt = now();
          if (now() - changedAt < settleMs) entries.clear();
        },
        () => {}, // database unreachable: keep serving what is cached (ttlMs still bounds it)
      )
      .finally(() => {
        checking = false;
      });
  };

  const cache: CatalogCache = {
    get(key) {
      check();
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      const t = now();
      if (entry.expires <= t && t - confirmedAt >= ttlMs) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expires: now() + ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
  return cache;
}
