import { createCatalogCache } from '../../../server/modules/catalog/catalog.cache';

describe('catalog cache', () => {
  it('expires entries after the TTL and evicts the least recently used', () => {
    let now = 0;
    const cache = createCatalogCache({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 150;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('catalog cache with a revision (writes of other processes)', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  function setup(read: () => Promise<number>) {
    const clock = { now: 0 };
    let reads = 0;
    const cache = createCatalogCache({
      revision: () => {
        reads++;
        return read();
      },
      checkEveryMs: 1000,
      settleMs: 5000,
      now: () => clock.now,
    });
    return { cache, clock, reads: () => reads };
  }

  it('keeps entries while the revision stays, reading it at most once a second', async () => {
    const { cache, clock, reads } = setup(async () => 7);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    await flush();
    expect(cache.get('a')).toBe(1);
    expect(reads()).toBe(1);
    clock.now = 120_000; // far past the old 30 s TTL
    expect(cache.get('a')).toBe(1);
    await flush();
    expect(cache.get('a')).toBe(1);
    expect(reads()).toBe(2);
  });

  it('clears on a new revision, and at each check for settleMs after it', async () => {
    let revision = 1;
    const { cache, clock } = setup(async () => revision);
    cache.get('x');
    await flush(); // knows revision 1
    cache.set('a', 1);
    revision = 2; // another process wrote
    clock.now = 1000;
    expect(cache.get('a')).toBe(1); // the check runs in the background
    await flush();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'maybe read before the write landed');
    clock.now = 2000;
    cache.get('x');
    await flush();
    expect(cache.get('a')).toBeUndefined(); // still settling: cleared again
    cache.set('a', 'fresh');
    clock.now = 7000; // settled
    cache.get('x');
    await flush();
    expect(cache.get('a')).toBe('fresh');
  });

  it('keeps serving cached entries when the revision cannot be read, up to the TTL', async () => {
    const { cache, clock } = setup(async () => {
      throw new Error('database down');
    });
    cache.set('a', 1);
    clock.now = 60_000;
    expect(cache.get('a')).toBe(1);
    await flush();
    expect(cache.get('a')).toBe(1);
    clock.now = 300_001;
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('catalog cache entries while the revision is read', () => {
  it('do not expire by age (no burst of rebuilds when the start-up pages would all expire)', async () => {
    let now = 0;
    const cache = createCatalogCache({
      revision: async () => 3,
      ttlMs: 1000,
      checkEveryMs: 100,
      now: () => now,
    });
    cache.set('a', 1);
    for (now = 0; now <= 10_000; now += 500) {
      expect(cache.get('a')).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
});
