import type { Category } from '../../../server/modules/forum/category.repository';
import {
  createThreadPageCache,
  invalidatingWrites,
  type PageHead,
} from '../../../server/modules/forum/forum.page-cache';
import type { Thread } from '../../../server/modules/forum/thread.repository';

// An in-memory "database" of one thread: its stamp fields and the page content.
function fakeThread() {
  const state = { searchVersion: 1, pageStamp: '', categoryUpdated: 1, content: 'v1' };
  let headReads = 0;
  let builds = 0;
  const load = async (): Promise<PageHead> => {
    headReads += 1;
    return {
      thread: { id: 't1', searchVersion: state.searchVersion, pageStamp: state.pageStamp } as Thread,
      category: { id: 'c1', updatedAt: new Date(state.categoryUpdated) } as Category,
    };
  };
  const build = async () => {
    builds += 1;
    return { content: state.content };
  };
  return { state, load, build, reads: () => headReads, builds: () => builds };
}

const text = (b: { body: Buffer }) => JSON.parse(b.body.toString()).content;

describe('thread page cache', () => {
  it('serves a page from memory while the thread is fresh, with no database read', async () => {
    let now = 0;
    const cache = createThreadPageCache({ freshMs: 1000, now: () => now });
    const db = fakeThread();
    const first = await cache.serve('t1', 'ar', db.load, db.build);
    now = 500;
    const again = await cache.serve('t1', 'ar', db.load, db.build);
    expect(again).toBe(first);
    expect(db.reads()).toBe(1);
    expect(db.builds()).toBe(1);
    expect(first.etag).toMatch(/^W\/"/);
  });

  it('sees a write of this process at once (invalidate), and rebuilds only when the stamp changed', async () => {
    const cache = createThreadPageCache({ freshMs: 60_000, now: () => 0 });
    const db = fakeThread();
    await cache.serve('t1', 'ar', db.load, db.build);
    cache.invalidate(); // e.g. a like that did not change what this page shows yet
    await cache.serve('t1', 'ar', db.load, db.build);
    expect([db.reads(), db.builds()]).toEqual([2, 1]);
    db.state.content = 'v2';
    db.state.searchVersion = 2; // an edit or a hide bumps the version
    cache.invalidate();
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('v2');
    db.state.content = 'v3';
    db.state.pageStamp = 'like';
    cache.invalidate();
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('v3');
  });

  it('sees another process’s write within freshMs (the stamp is read again)', async () => {
    let now = 0;
    const cache = createThreadPageCache({ freshMs: 1000, now: () => now });
    const db = fakeThread();
    await cache.serve('t1', 'ar', db.load, db.build);
    db.state.content = 'hidden post gone';
    db.state.searchVersion = 7; // written by another process: no invalidate() here
    now = 999;
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('v1');
    now = 1000;
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('hidden post gone');
    db.state.categoryUpdated = 2; // the category's thread count changed
    db.state.content = 'new count';
    now = 2000;
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('new count');
  });

  it('keeps variants apart and shares one read and one build among concurrent requests', async () => {
    const cache = createThreadPageCache({ now: () => 0 });
    const db = fakeThread();
    const [a, b, c] = await Promise.all([
      cache.serve('t1', 'ar', db.load, db.build),
      cache.serve('t1', 'ar', db.load, db.build),
      cache.serve('t1', 'en', db.load, async () => ({ content: 'english' })),
    ]);
    expect(a).toBe(b);
    expect(text(c)).toBe('english');
    expect(db.reads()).toBe(1);
    expect(db.builds()).toBe(1);
  });

  it('does not cache a failed read (a thread that disappears is a 404 at once)', async () => {
    const cache = createThreadPageCache({ now: () => 0 });
    const gone = async (): Promise<PageHead> => {
      throw new Error('forum_thread_not_found');
    };
    await expect(cache.serve('t1', 'ar', gone, async () => 'x')).rejects.toThrow('forum_thread_not_found');
    const db = fakeThread();
    expect(text(await cache.serve('t1', 'ar', db.load, db.build))).toBe('v1');
  });

  it('invalidates after each listed write of a wrapped repository, also when it fails', async () => {
    let invalidations = 0;
    const repo = {
      read: async () => 1,
      write: async () => 2,
      fail: async (): Promise<number> => {
        throw new Error('boom');
      },
    };
    const wrapped = invalidatingWrites(repo, ['write', 'fail'], () => {
      invalidations += 1;
    });
    expect(await wrapped.read()).toBe(1);
    expect(await wrapped.write()).toBe(2);
    await expect(wrapped.fail()).rejects.toThrow('boom');
    expect(invalidations).toBe(2);
  });

  it('reuses an anonymous list for freshMs, rebuilds it after a local write or once expired, one build for concurrent readers', async () => {
    let now = 0;
    let builds = 0;
    const cache = createThreadPageCache({ freshMs: 1000, now: () => now });
    const build = async () => ({ content: `v${++builds}` });
    const [a, b] = await Promise.all([cache.recent('c1|ru', build), cache.recent('c1|ru', build)]);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    now = 999;
    expect(text(await cache.recent('c1|ru', build))).toBe('v1');
    expect(text(await cache.recent('c1|zh', build))).toBe('v2'); // another variant, its own entry
    cache.invalidate();
    expect(text(await cache.recent('c1|ru', build))).toBe('v3');
    now = 2000;
    expect(text(await cache.recent('c1|ru', build))).toBe('v4');
    await expect(cache.recent('c2|ru', async () => Promise.reject(new Error('gone')))).rejects.toThrow(
      'gone',
    );
    expect(text(await cache.recent('c2|ru', build))).toBe('v5'); // a failed build is not cached
  });
});
