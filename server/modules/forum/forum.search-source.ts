import type { LocalizedText } from '../../shared/localized';
import type { SearchDocument } from '../search/search.port';
import type { SearchSource } from '../search/search.source';
import type { Category, CategoryRepository } from './category.repository';
import { plainText } from './forum.markdown';
import type { PostRepository } from './post.repository';
import type { Thread, ThreadRepository } from './thread.repository';

// Posts read per thread for its search text; later replies add little recall.
const POSTS_INDEXED = 50;
const SUMMARY_CHARS = 300;

/**
 * The forum's search source: threads whose searchVersion moved (new post, edit, moderation),
 * indexed with their visible posts only. A thread that is not visible leaves the index, and a
 * hidden post bumps its thread, so hidden text is never searchable.
 */
export function createForumSearchSource(deps: {
  threads: ThreadRepository;
  posts: PostRepository;
  categories: CategoryRepository;
}): SearchSource {
  async function documentOf(thread: Thread, category: Category | null): Promise<SearchDocument | null> {
    if (thread.status !== 'visible') return null;
    const posts = await deps.posts.listByThread(thread.id, { statuses: ['visible'] }, null, POSTS_INDEXED);
    const body: Record<string, string> = {};
    for (const p of posts) body[p.lang] = `${body[p.lang] ?? ''}\n${plainText(p.html)}`;
    const first = posts[0];
    const summary: LocalizedText = first
      ? { [first.lang]: plainText(first.html).slice(0, SUMMARY_CHARS) }
      : {};
    return {
      type: 'thread',
      slug: thread.id,
      sourceLanguage: thread.lang,
      title: { [thread.lang]: thread.title },
      summary,
      body,
      audience: [],
      topics: category?.kind === 'topic' && category.scope ? [category.scope] : [],
      collection: null,
      updatedAt: thread.updatedAt,
    };
  }

  return {
    type: 'thread',
    latestVersion: () => deps.threads.latestSearchVersion(),
    async changedSince(watermark, limit, known) {
      const threads = await deps.threads.listChangedSince(watermark, limit);
      const categories = new Map<string, Category | null>();
      const changes = [];
      for (const thread of threads) {
        const key = { type: 'thread' as const, slug: thread.id };
        if (known?.(key, thread.searchVersion)) {
          // Already in the index at this version (a lookback re-read): no posts to read.
          changes.push({
            key,
            searchVersion: thread.searchVersion,
            changedAt: thread.updatedAt,
            document: null,
          });
          continue;
        }
        if (!categories.has(thread.categoryId))
          categories.set(thread.categoryId, await deps.categories.findById(thread.categoryId));
        changes.push({
          key,
          searchVersion: thread.searchVersion,
          changedAt: thread.updatedAt,
          document: await documentOf(thread, categories.get(thread.categoryId) ?? null),
        });
      }
      return changes;
    },
    countSearchable: () => deps.threads.countByStatus('visible'),
  };
}
