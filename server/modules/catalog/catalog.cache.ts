/**
 * A small in-process cache for public catalog pages (published content only). Every catalog
 * write clears it, so a process never serves its own stale data; other processes behind a load
 * balancer see a write within `ttlMs` at worst.
 */
export interface CatalogCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  clear(): void;
  readonly size: number;
}

/** An LRU map bounded by `maxEntries`, entries expiring after `ttlMs`. */
export function createCatalogCache(
  options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
) {
  const maxEntries = options.maxEntries ?? 1000;
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expires: number }>();
  const cache: CatalogCache = {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expires <= now()) return undefined;
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
