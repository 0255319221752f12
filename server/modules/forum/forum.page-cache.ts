import type { Page } from './forum.service';
import type { Post } from './post.repository';

// Enough for the hot threads of a process; each entry is one page of at most 100 posts.
const MAX_ENTRIES = 500;

/**
 * Pages of posts as anonymous readers see them, keyed by the thread's searchVersion (bumped by
 * every change a reader can see: new, edited, hidden, approved posts, moves). The version is
 * read from the database on every request, so N processes never serve a stale page; likes are
 * not part of the page and stay live.
 */
export function createPageCache() {
  const pages = new Map<string, Page<Post>>();
  return {
    key: (threadId: string, version: number, cursor: string | undefined, limit: number) =>
      `${threadId}:${version}:${cursor ?? ''}:${limit}`,
    get(key: string): Page<Post> | undefined {
      const page = pages.get(key);
      if (page) {
        // Refresh recency: Map keeps insertion order, so the oldest key is evicted first.
        pages.delete(key);
        pages.set(key, page);
      }
      return page;
    },
    set(key: string, page: Page<Post>): void {
      pages.set(key, page);
      if (pages.size > MAX_ENTRIES) pages.delete(pages.keys().next().value as string);
    },
  };
}
