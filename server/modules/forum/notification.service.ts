import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { decodeCursor } from './forum.cursor';
import type { ForumDeps } from './forum.deps';
import { type ForumService, pageOf } from './forum.service';

/** Following threads and categories, and the in-app notifications list. */
export function createNotificationService(deps: ForumDeps, forum: ForumService) {
  return {
    /** Follows a thread or a category (idempotent). */
    async subscribe(
      actor: Actor,
      target: { threadId?: string | undefined; categoryId?: string | undefined },
    ) {
      if (target.threadId) {
        const thread = await forum.threadFor(actor, target.threadId);
        return deps.notifications.subscribe(actor.userId, { targetType: 'thread', targetId: thread.id });
      }
      const category = await forum.categoryOr404(target.categoryId ?? '');
      return deps.notifications.subscribe(actor.userId, { targetType: 'category', targetId: category.id });
    },

    async unsubscribe(actor: Actor, id: string) {
      if (!(await deps.notifications.unsubscribe(actor.userId, id))) throw new AppError('not_found');
    },

    listSubscriptions: (actor: Actor) => deps.notifications.listSubscriptions(actor.userId),

    /** The actor's notifications, newest first, with the unread count. */
    async list(actor: Actor, query: { unread: boolean; cursor?: string | undefined; limit: number }) {
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = await deps.notifications.list(actor.userId, query.unread, after, query.limit + 1);
      const page = pageOf(rows, query.limit, (n) => ({ at: n.createdAt, id: n.id }));
      return { ...page, unread: await deps.notifications.countUnread(actor.userId) };
    },

    /** Marks some (or all) of the actor's notifications read; returns how many changed. */
    markRead: (actor: Actor, ids: readonly string[] | 'all') =>
      deps.notifications.markRead(actor.userId, ids, deps.clock()),
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
