import type { Actor } from '../../shared/auth';
import { hasRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Category, NewCategory } from './category.repository';
import { canSee, postVisibilityFor, threadStatusesFor } from './forum.access';
import { decodeCursor, encodeCursor } from './forum.cursor';
import type { ForumContext, ForumDeps } from './forum.deps';
import { cleanText, plainText } from './forum.markdown';
import type { CachedBody, PageHead } from './forum.page-cache';
import {
  admitPost,
  announceNow,
  checkAttachments,
  initialStatus,
  prepareBody,
  withCurrentRender,
} from './forum.writer';
import type { Post } from './post.repository';
import type { Thread } from './thread.repository';

export interface NewThreadInput {
  readonly categoryId: string;
  readonly title: string;
  readonly body: string;
  readonly lang?: string | undefined;
  readonly attachments: readonly string[];
}

/** A page of items and the cursor of the next page (null at the end). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ThreadPage {
  readonly thread: Thread;
  readonly category: Category;
  readonly posts: Page<Post>;
  /** Ids of the listed posts the reader liked. */
  readonly liked: Set<string>;
  /** Likes per listed post. */
  readonly likes: Map<string, number>;
}

/** Titles are plain text: tags and angle brackets never reach storage. */
export function cleanTitle(raw: string): string {
  return plainText(cleanText(raw)).replace(/[<>]/g, '').trim();
}

// Categories change rarely (no route edits one); posting reads them from memory this long.
const CATEGORY_TTL_MS = 60_000;

/** Categories and threads: listing, reading a thread page, starting threads. */
export function createForumService(deps: ForumDeps) {
  const categoryMemo = new Map<string, { category: Category; at: number }>();
  async function categoryOr404(id: string) {
    const category = await deps.categories.findById(id);
    if (!category) throw new AppError('forum_category_not_found');
    categoryMemo.set(id, { category, at: Date.now() });
    return category;
  }

  /** The category for posting rights: from memory when read recently (saves a round trip per reply). */
  async function categoryForPosting(id: string) {
    const known = categoryMemo.get(id);
    if (known && Date.now() - known.at < CATEGORY_TTL_MS) return known.category;
    return categoryOr404(id);
  }

  async function threadFor(actor: Actor | undefined, id: string) {
    const thread = await deps.threads.findById(id);
    if (!thread || !canSee(actor, thread.status, thread.authorId))
      throw new AppError('forum_thread_not_found');
    return thread;
  }

  /** One page of a thread's posts as `actor` sees them, with like counts (current renders). */
  async function postsPage(
    actor: Actor | undefined,
    threadId: string,
    cursor: string | undefined,
    limit: number,
  ) {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await deps.posts.listByThread(threadId, postVisibilityFor(actor), after, limit + 1);
    const page = pageOf(await withCurrentRender(deps, rows), limit, (p) => ({ at: p.createdAt, id: p.id }));
    const ids = page.items.map((p) => p.id);
    const [liked, likes] = await Promise.all([
      actor ? deps.posts.likedBy(actor.userId, ids) : new Set<string>(),
      deps.posts.likeCounts(ids),
    ]);
    return { posts: page, liked, likes };
  }

  /** Opens a thread with its first post (no competition check: the competitions module calls this). */
  async function openThread(
    ctx: ForumContext,
    category: Category,
    input: Omit<NewThreadInput, 'categoryId'>,
  ) {
    await admitPost(deps, ctx, category);
    const attachments = await checkAttachments(deps, input.attachments);
    const prepared = prepareBody(input.body, input.lang, category.defaultLanguage);
    const title = cleanTitle(input.title) || prepared.body.slice(0, 80);
    const status = await initialStatus(deps, ctx);
    const at = deps.clock();
    const draft = await deps.threads.create(
      { categoryId: category.id, authorId: ctx.actor.userId, title, lang: prepared.lang, status },
      at,
    );
    const base = { threadId: draft.id, categoryId: category.id, authorId: ctx.actor.userId, quote: null };
    const post = await deps.posts.create({ ...base, ...prepared, attachments, status }, at);
    const thread = (await deps.threads.update(draft.id, { firstPostId: post.id })) ?? draft;
    await deps.notifications.follow(ctx.actor.userId, { targetType: 'thread', targetId: thread.id });
    if (status === 'visible') await announceNow(deps, thread, post);
    return { thread: (await deps.threads.findById(thread.id)) ?? thread, post };
  }

  /** A category's threads the reader may see, pinned first then newest. */
  async function listThreads(
    actor: Actor | undefined,
    categoryId: string,
    cursor: string | undefined,
    limit: number,
  ) {
    const category = await categoryOr404(categoryId);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await deps.threads.listByCategory(category.id, threadStatusesFor(actor), after, limit + 1);
    return {
      category,
      threads: pageOf(rows, limit, (t) => ({ at: t.createdAt, id: t.id, pinned: t.pinned })),
    };
  }

  return {
    openThread,
    threadFor,
    categoryOr404,
    categoryForPosting,

    /** Categories, optionally of one kind or scope (a course's category: kind=course&scope=slug). */
    listCategories: (filter: { kind?: string | undefined; scope?: string | undefined }) =>
      deps.categories.list(filter),

    /** Creates a category (staff); 409 when its key is taken. */
    async createCategory(ctx: ForumContext, input: NewCategory) {
      const category = await deps.categories.create(input);
      if (!category) throw new AppError('duplicate', { params: { field: 'key' } });
      await deps.audit.append({
        actorId: ctx.actor.userId,
        action: 'forum.category.created',
        targetType: 'forum_category',
        targetId: category.id,
        details: { key: category.key },
        requestId: ctx.requestId,
      });
      return category;
    },

    listThreads,

    /** An anonymous reader's page of a category's threads, serialized (`present` shapes it). */
    publicThreadList(
      categoryId: string,
      cursor: string | undefined,
      limit: number,
      variant: string,
      present: (list: Awaited<ReturnType<typeof listThreads>>) => unknown,
    ): Promise<CachedBody> {
      return deps.pages.recent(`${categoryId}|${variant}|${cursor ?? ''}|${limit}`, async () =>
        present(await listThreads(undefined, categoryId, cursor, limit)),
      );
    },

    /** Starts a thread. Competition categories take entries through the competition only. */
    async createThread(ctx: ForumContext, input: NewThreadInput) {
      const category = await categoryOr404(input.categoryId);
      if (category.kind === 'competition' && !hasRole(ctx.actor, 'staff'))
        throw new AppError('forum_posting_not_allowed');
      return openThread(ctx, category, input);
    },

    /** A thread and one page of its posts in (createdAt, _id) order, as a signed-in reader sees it. */
    async readThread(actor: Actor | undefined, id: string, cursor: string | undefined, limit: number) {
      const thread = await threadFor(actor, id);
      const [category, page] = await Promise.all([
        categoryOr404(thread.categoryId),
        postsPage(actor, thread.id, cursor, limit),
      ]);
      return { thread, category, ...page } satisfies ThreadPage;
    },

    /**
     * The serialized page an anonymous reader gets (`present` shapes it; `variant` names what
     * else it depends on, e.g. the locale), from the page cache while the thread is unchanged.
     */
    publicThreadPage(
      id: string,
      cursor: string | undefined,
      limit: number,
      variant: string,
      present: (page: ThreadPage) => unknown,
    ): Promise<CachedBody> {
      const load = async () => {
        const thread = await threadFor(undefined, id);
        return { thread, category: await categoryOr404(thread.categoryId) };
      };
      const build = async (head: PageHead) =>
        present({ ...head, ...(await postsPage(undefined, head.thread.id, cursor, limit)) });
      return deps.pages.serve(id, `${variant}|${cursor ?? ''}|${limit}`, load, build);
    },
  };
}

/** Cuts a `limit + 1` read to a page; the cursor points after the last item shown. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  position: (item: T) => { at: Date; id: string; pinned?: boolean },
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}

export type ForumService = ReturnType<typeof createForumService>;
