import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { ForumContext, ForumDeps } from './forum.deps';
import type { ForumService } from './forum.service';
import { announceNow, auditAction, recount } from './forum.writer';
import type { Post } from './post.repository';
import { afterLeaving, type PostService } from './post.service';
import type { Thread } from './thread.repository';

export const POST_ACTIONS = ['hide', 'unhide', 'approve', 'dismiss', 'delete'] as const;
export type PostAction = (typeof POST_ACTIONS)[number];
export const THREAD_ACTIONS = ['lock', 'unlock', 'pin', 'unpin', 'move', 'hide', 'unhide', 'delete'] as const;
export type ThreadAction = (typeof THREAD_ACTIONS)[number];

/** One entry of the moderation queue: a post waiting for approval or reported by users. */
export interface QueueItem {
  readonly post: Post;
  readonly kind: 'approval' | 'report';
  readonly reportCount: number;
  readonly reasons: Record<string, number>;
  readonly since: Date;
}

export interface QueueFilter {
  readonly categoryId?: string | undefined;
  readonly lang?: string | undefined;
  /** The moderator's languages: their items come first. Default: the profile language. */
  readonly languages?: readonly string[] | undefined;
  readonly page: number;
  readonly pageSize: number;
}

// The queue is computed in code over a bounded window of open work (see docs/forum.md).
const QUEUE_WINDOW = 1000;

/** The moderation queue and the actions on posts and threads; each action is audited. */
export function createModerationService(deps: ForumDeps, forum: ForumService, posts: PostService) {
  async function collect(filter: QueueFilter): Promise<QueueItem[]> {
    const where = { categoryId: filter.categoryId, lang: filter.lang };
    const [reports, pending] = await Promise.all([
      deps.reports.listOpen(where, QUEUE_WINDOW),
      deps.posts.listByStatus('pending', where, QUEUE_WINDOW),
    ]);
    const items = new Map<string, QueueItem>();
    for (const post of pending)
      items.set(post.id, { post, kind: 'approval', reportCount: 0, reasons: {}, since: post.createdAt });
    for (const r of reports) {
      const known = items.get(r.postId);
      const post = known?.post ?? (await deps.posts.findById(r.postId));
      if (!post || post.status === 'deleted') continue;
      const item = known ?? {
        post,
        kind: 'report' as const,
        reportCount: 0,
        reasons: {},
        since: r.createdAt,
      };
      item.reasons[r.reason] = (item.reasons[r.reason] ?? 0) + 1;
      items.set(r.postId, { ...item, reportCount: item.reportCount + 1 });
    }
    return [...items.values()];
  }

  async function setThreadStatus(thread: Thread, to: 'visible' | 'hidden' | 'deleted') {
    const updated = await deps.threads.update(thread.id, { status: to });
    await recount(deps, thread, null, [thread.categoryId]);
    return updated;
  }

  return {
    /** Open work, the moderator's languages first, then oldest first. */
    async queue(actor: Actor, filter: QueueFilter) {
      const mine = filter.languages?.length ? filter.languages : [actor.preferredLanguage ?? 'en'];
      const rank = (lang: string) => {
        const i = mine.findIndex((l) => l === lang || l === lang.split('-')[0]);
        return i === -1 ? mine.length : i;
      };
      const all = (await collect(filter)).sort(
        (a, b) => rank(a.post.lang) - rank(b.post.lang) || a.since.getTime() - b.since.getTime(),
      );
      const start = (filter.page - 1) * filter.pageSize;
      return { items: all.slice(start, start + filter.pageSize), total: all.length };
    },

    /** hide / unhide / approve / dismiss / delete a post, with a reason. */
    async actOnPost(ctx: ForumContext, id: string, action: PostAction, reason: string) {
      const post = await posts.postFor(ctx.actor, id);
      if (action === 'delete') return posts.remove(ctx, id, reason);
      let result: Post | null = post;
      if (action === 'hide') {
        result = await deps.posts.setStatus(post.id, ['visible', 'pending'], 'hidden', reason);
        if (result) await afterLeaving(deps, post, 'hidden');
      } else if (action === 'unhide' || action === 'approve') {
        result = await deps.posts.setStatus(
          post.id,
          action === 'approve' ? ['pending'] : ['hidden'],
          'visible',
          null,
        );
        if (result) await showAgain(deps, result, action);
      }
      if (!result) throw new AppError('invalid_state_transition', { params: { action, state: post.status } });
      await deps.reports.resolveForPost(post.id, action, ctx.actor.userId);
      await auditAction(deps, ctx, `forum.post.${action}`, { type: 'forum_post', id: post.id }, { reason });
      return result;
    },

    /** lock / unlock / pin / unpin / move / hide / unhide / delete a thread, with a reason. */
    async actOnThread(
      ctx: ForumContext,
      id: string,
      action: ThreadAction,
      reason: string,
      categoryId?: string,
    ) {
      const thread = await forum.threadFor(ctx.actor, id);
      const details: Record<string, string> = { reason };
      let updated: Thread | null;
      if (action === 'move') {
        const target = await forum.categoryOr404(categoryId ?? '');
        updated = await deps.threads.update(thread.id, { categoryId: target.id });
        await Promise.all([
          deps.posts.moveThread(thread.id, target.id),
          deps.reports.moveThread(thread.id, target.id),
        ]);
        await recount(deps, thread, null, [thread.categoryId, target.id]);
        Object.assign(details, { from: thread.categoryId, to: target.id });
      } else if (action === 'hide' || action === 'unhide' || action === 'delete') {
        updated = await setThreadStatus(
          thread,
          action === 'unhide' ? 'visible' : action === 'hide' ? 'hidden' : 'deleted',
        );
      } else {
        const patch = {
          lock: { locked: true },
          unlock: { locked: false },
          pin: { pinned: true },
          unpin: { pinned: false },
        }[action];
        updated = await deps.threads.update(thread.id, patch);
      }
      await auditAction(
        deps,
        ctx,
        `forum.thread.${action}`,
        { type: 'forum_thread', id: thread.id },
        details,
      );
      return updated ?? thread;
    },
  };
}

/** A hidden post shown again, or a pending one approved: counters, thread status, announcement. */
async function showAgain(deps: ForumDeps, post: Post, action: 'unhide' | 'approve'): Promise<void> {
  const thread = await deps.threads.findById(post.threadId);
  if (!thread) return;
  const opening = thread.firstPostId === post.id;
  const current = opening
    ? ((await deps.threads.update(thread.id, { status: 'visible' })) ?? thread)
    : thread;
  if (action === 'approve') return announceNow(deps, current, post);
  await recount(deps, thread, null, opening ? [thread.categoryId] : []);
}

export type ModerationService = ReturnType<typeof createModerationService>;
