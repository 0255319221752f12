import { hasRole } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import { FILE_KINDS } from '../files/file.sniff';
import type { Category } from './category.repository';
import { canPostIn, isModerator } from './forum.access';
import type { ForumContext, ForumDeps } from './forum.deps';
import { postLanguage } from './forum.language';
import { cleanText, RENDER_VERSION, renderPost } from './forum.markdown';
import type { Post, PostRepository } from './post.repository';
import type { ContentStatus } from './thread.model';
import type { Thread, ThreadRepository } from './thread.repository';

/** A body as the author sent it, and what is stored: cleaned source, sanitized HTML, language. */
export interface PreparedBody {
  readonly body: string;
  readonly html: string;
  readonly renderVersion: number;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
}

/** Cleans and renders a Markdown body and settles its language (given, else detected). */
export function prepareBody(raw: string, lang: string | undefined, hint: string): PreparedBody {
  const body = cleanText(raw);
  return { body, html: renderPost(body), renderVersion: RENDER_VERSION, ...postLanguage(body, lang, hint) };
}

/** Checks posting rights and the rate limit before anything is written. */
export async function admitPost(deps: ForumDeps, ctx: ForumContext, category: Category): Promise<void> {
  if (!(await canPostIn(ctx.actor, category, deps.enrolled))) throw new AppError('forum_posting_not_allowed');
  if (!isModerator(ctx.actor)) await deps.limiter(ctx.actor.userId);
}

/** `visible`, or `pending` while the author has fewer approved posts than the approval threshold. */
export async function initialStatus(deps: ForumDeps, ctx: ForumContext): Promise<ContentStatus> {
  if (deps.approvalFirstPosts === 0 || hasRole(ctx.actor, 'moderator', 'staff')) return 'visible';
  const approved = await deps.posts.countByAuthor(ctx.actor.userId, 'visible');
  return approved < deps.approvalFirstPosts ? 'pending' : 'visible';
}

/** Every attachment must name a stored file; all bad ids are reported together (400). */
export async function checkAttachments(deps: ForumDeps, ids: readonly string[]): Promise<string[]> {
  const issues: FieldIssue[] = [];
  for (const [i, id] of ids.entries()) {
    const check = await deps.files.checkFile(id, FILE_KINDS);
    if (!check.ok)
      issues.push({ in: 'body', path: ['attachments', i], code: check.code, params: check.params });
  }
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  return [...new Set(ids)];
}

/** Is `post` the opening post of `thread` (a new thread rather than a reply)? */
export const isOpening = (thread: Thread, post: Post): boolean =>
  thread.firstPostId === post.id || thread.firstPostId === null;

/** Who follows a thread or category (a batch passes a memo so each target is read once). */
export type FollowersOf = (target: Target) => Promise<string[]>;
type Target = { targetType: 'thread' | 'category'; targetId: string };

/**
 * What follows a post becoming visible (at creation or on approval): thread counters, outreach
 * event, notifications to followers of the thread (replies) or category (new threads). The
 * three are independent, so they run together (each is idempotent if the request is retried).
 */
export async function announcePost(deps: ForumDeps, thread: Thread, post: Post): Promise<void> {
  const opening = isOpening(thread, post);
  await Promise.all([
    recount(deps, thread, post.createdAt, opening ? [thread.categoryId] : []),
    announceToOthers(deps, thread, post),
  ]);
}

/** announcePost, then marks the post announced (its outbox record done); in the request. */
export async function announceNow(deps: ForumDeps, thread: Thread, post: Post): Promise<void> {
  await announcePost(deps, thread, post);
  await deps.posts.markAnnounced([post.id]);
}

/** The outreach event and the followers' notifications of a visible post (no recount). */
export async function announceToOthers(
  deps: ForumDeps,
  thread: Thread,
  post: Post,
  followersOf: FollowersOf = (t) => deps.notifications.followers(t),
): Promise<void> {
  const opening = isOpening(thread, post);
  const type = opening ? 'forum_thread' : 'forum_post';
  const event = { id: `${type}:${post.id}`, type, userId: post.authorId, at: post.createdAt } as const;
  await Promise.all([
    deps.events.record({ ...event, categoryId: post.categoryId, lang: post.lang }),
    notifyFollowers(deps, thread, post, opening, followersOf),
  ]);
}

async function notifyFollowers(
  deps: ForumDeps,
  thread: Thread,
  post: Post,
  opening: boolean,
  followersOf: FollowersOf,
) {
  const target: Target = opening
    ? { targetType: 'category', targetId: thread.categoryId }
    : { targetType: 'thread', targetId: thread.id };
  const followers = (await followersOf(target)).filter((u) => u !== post.authorId);
  const note = {
    kind: opening ? ('thread' as const) : ('reply' as const),
    threadId: thread.id,
    postId: post.id,
    categoryId: thread.categoryId,
    actorId: post.authorId,
    title: thread.title,
    lang: thread.lang,
  };
  await deps.notifications.notify(followers, note, deps.clock());
}

/**
 * Recounts a thread's visible posts and the visible threads of `categoryIds`. Counts are
 * recomputed, never `$inc`ed: FerretDB loses concurrent increments (docs/database.md), and a
 * recount heals any earlier drift.
 */
export async function recount(
  deps: ForumDeps,
  thread: Pick<Thread, 'id'>,
  lastPostAt: Date | null,
  categoryIds: readonly string[],
): Promise<void> {
  await deps.postCounts(thread.id, lastPostAt);
  for (const id of categoryIds)
    await deps.categories.setThreadCount(id, await deps.threads.countVisibleIn(id));
}

/**
 * A thread's post recount, coalesced: requests arriving while one runs share the next run
 * (which starts after them, so it counts their posts). Under a burst of replies a thread is
 * recounted a few times instead of once per reply.
 */
export function createPostCounter(
  threads: Pick<ThreadRepository, 'setPostCount'>,
  posts: Pick<PostRepository, 'countVisible'>,
) {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, { run: Promise<void>; lastPostAt: Date | null }>();
  const count = async (threadId: string, lastPostAt: Date | null) =>
    threads.setPostCount(threadId, await posts.countVisible(threadId), lastPostAt);
  return (threadId: string, lastPostAt: Date | null): Promise<void> => {
    const next = queued.get(threadId);
    if (next) {
      if (lastPostAt && (!next.lastPostAt || lastPostAt > next.lastPostAt)) next.lastPostAt = lastPostAt;
      return next.run;
    }
    const entry = { lastPostAt, run: Promise.resolve() };
    const before = running.get(threadId) ?? Promise.resolve();
    entry.run = before
      .catch(() => {})
      .then(() => {
        queued.delete(threadId);
        const run = count(threadId, entry.lastPostAt);
        running.set(threadId, run);
        return run.finally(() => {
          if (running.get(threadId) === run) running.delete(threadId);
        });
      });
    queued.set(threadId, entry);
    return entry.run;
  };
}

/** Appends a moderation action to the audit log. */
export async function auditAction(
  deps: ForumDeps,
  ctx: ForumContext,
  action: string,
  target: { type: 'forum_post' | 'forum_thread'; id: string },
  details: Record<string, string | number | boolean> = {},
): Promise<void> {
  await deps.audit.append({
    actorId: ctx.actor.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    details,
    requestId: ctx.requestId,
  });
}

/**
 * Posts whose stored HTML was made by an older renderer, rendered again from their source and
 * stored (once: later reads find the current version). Others are returned as they are.
 */
export async function withCurrentRender(deps: ForumDeps, posts: readonly Post[]): Promise<Post[]> {
  return Promise.all(
    posts.map(async (p) => {
      if (p.renderVersion === RENDER_VERSION) return p;
      const html = renderPost(p.body);
      const quote = p.quote ? { ...p.quote, html: renderPost(p.quote.body) } : null;
      await deps.posts.storeRender(p.id, html, quote, RENDER_VERSION);
      return { ...p, html, quote, renderVersion: RENDER_VERSION };
    }),
  );
}
