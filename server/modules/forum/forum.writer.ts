import { hasRole } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import { FILE_KINDS } from '../files/file.sniff';
import type { Category } from './category.repository';
import { canPostIn, isModerator } from './forum.access';
import type { ForumContext, ForumDeps } from './forum.deps';
import { postLanguage } from './forum.language';
import { cleanText, renderPost } from './forum.markdown';
import type { Post } from './post.repository';
import type { ContentStatus } from './thread.model';
import type { Thread } from './thread.repository';

/** A body as the author sent it, and what is stored: cleaned source, sanitized HTML, language. */
export interface PreparedBody {
  readonly body: string;
  readonly html: string;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
}

/** Cleans and renders a Markdown body and settles its language (given, else detected). */
export function prepareBody(raw: string, lang: string | undefined, hint: string): PreparedBody {
  const body = cleanText(raw);
  return { body, html: renderPost(body), ...postLanguage(body, lang, hint) };
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

/**
 * What follows a post becoming visible (at creation or on approval): thread counters, outreach
 * event, notifications to followers of the thread (replies) or category (new threads). The
 * three are independent, so they run together (each is idempotent if the request is retried).
 */
export async function announcePost(deps: ForumDeps, thread: Thread, post: Post): Promise<void> {
  const opening = thread.firstPostId === post.id || thread.firstPostId === null;
  const type = opening ? 'forum_thread' : 'forum_post';
  const event = { id: `${type}:${post.id}`, type, userId: post.authorId, at: post.createdAt } as const;
  await Promise.all([
    recount(deps, thread, post.createdAt, opening ? [thread.categoryId] : []),
    deps.events.record({ ...event, categoryId: post.categoryId, lang: post.lang }),
    notifyFollowers(deps, thread, post, opening),
  ]);
}

async function notifyFollowers(deps: ForumDeps, thread: Thread, post: Post, opening: boolean) {
  const target = opening
    ? { targetType: 'category' as const, targetId: thread.categoryId }
    : { targetType: 'thread' as const, targetId: thread.id };
  const followers = (await deps.notifications.followers(target)).filter((u) => u !== post.authorId);
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
  await deps.threads.setPostCount(thread.id, await deps.posts.countVisible(thread.id), lastPostAt);
  for (const id of categoryIds)
    await deps.categories.setThreadCount(id, await deps.threads.countVisibleIn(id));
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
