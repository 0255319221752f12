import type { Actor } from '../../shared/auth';
import { textDirection } from '../../shared/i18n';
import { pickText } from '../../shared/localized';
import type { Category } from './category.repository';
import { isModerator } from './forum.access';
import { encodeCursor } from './forum.cursor';
import type { ThreadPage } from './forum.service';
import type { QueueItem } from './moderation.service';
import type { Notification, Subscription } from './notification.repository';
import type { Post } from './post.repository';
import type { Thread } from './thread.repository';

/** Translator of the request's locale (`req.t`). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A category in the reader's language (with `lang`/`fallback`/`dir` of the title). */
export function presentCategory(c: Category, locale: string, t: Translate) {
  const title = pickText(c.title, locale, c.defaultLanguage);
  const description = pickText(c.description, locale, c.defaultLanguage);
  return {
    id: c.id,
    key: c.key,
    kind: c.kind,
    kindLabel: t(`forum:categoryKinds.${c.kind}`),
    scope: c.scope,
    title: title?.value ?? c.key,
    description: description?.value ?? null,
    lang: title?.lang ?? c.defaultLanguage,
    fallback: title?.fallback ?? false,
    dir: title?.dir ?? textDirection(c.defaultLanguage),
    defaultLanguage: c.defaultLanguage,
    postingPolicy: c.postingPolicy,
    postingPolicyLabel: t(`forum:postingPolicies.${c.postingPolicy}`),
    threadCount: c.threadCount,
  };
}

/**
 * A thread page response (`{ data, pagination }`, sendData's shape): the thread, its category in
 * the reader's language and one page of posts with their likes.
 */
export function presentThreadPage(
  page: ThreadPage,
  viewer: Actor | undefined,
  locale: string,
  t: Translate,
  pageSize: number,
) {
  return {
    data: {
      thread: presentThread(page.thread, t),
      category: presentCategory(page.category, locale, t),
      posts: page.posts.items.map((p) =>
        presentPost(p, viewer, { liked: page.liked.has(p.id), count: page.likes.get(p.id) ?? 0 }),
      ),
    },
    pagination: { pageSize, nextCursor: page.posts.nextCursor },
  };
}

/** A thread header; titles are plain text in the thread's language. */
export function presentThread(t: Thread, tr: Translate) {
  return {
    id: t.id,
    categoryId: t.categoryId,
    authorId: t.authorId,
    title: t.title,
    lang: t.lang,
    dir: textDirection(t.lang),
    status: t.status,
    locked: t.locked,
    pinned: t.pinned,
    postCount: t.postCount,
    repliesLabel: tr('forum:replies', { count: Math.max(0, t.postCount - 1) }),
    lastPostAt: t.lastPostAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    cursor: encodeCursor({ at: t.createdAt, id: t.id, pinned: t.pinned }),
  };
}

/**
 * A post: sanitized HTML for everyone; the Markdown source only for its author (to edit) and
 * moderators, who also get the moderation reason and the edit history. `likes` when known.
 */
export function presentPost(p: Post, viewer: Actor | undefined, likes?: { liked: boolean; count: number }) {
  const moderator = isModerator(viewer);
  return {
    id: p.id,
    threadId: p.threadId,
    authorId: p.authorId,
    html: p.html,
    ...(moderator || viewer?.userId === p.authorId ? { body: p.body } : {}),
    lang: p.lang,
    dir: p.dir,
    quote: p.quote
      ? {
          postId: p.quote.postId,
          authorId: p.quote.authorId,
          html: p.quote.html,
          lang: p.quote.lang,
          dir: textDirection(p.quote.lang),
        }
      : null,
    attachments: p.attachments.map((id) => ({ id, href: `/api/files/${id}` })),
    status: p.status,
    ...(likes ? { likeCount: likes.count, liked: likes.liked } : {}),
    edited: p.editedAt !== null,
    editedAt: p.editedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    cursor: encodeCursor({ at: p.createdAt, id: p.id }),
    ...(moderator
      ? {
          moderation: {
            reason: p.moderationReason,
            history: p.history.map((h) => ({
              body: h.body,
              lang: h.lang,
              editedAt: h.editedAt.toISOString(),
              editorId: h.editorId,
            })),
          },
        }
      : {}),
  };
}

/** One moderation queue entry; report reasons with their labels in the moderator's language. */
export function presentQueueItem(item: QueueItem, moderator: Actor, t: Translate) {
  return {
    kind: item.kind,
    reportCount: item.reportCount,
    reasons: Object.entries(item.reasons).map(([reason, count]) => ({
      reason,
      count,
      label: t(`forum:reportReasons.${reason}`),
    })),
    since: item.since.toISOString(),
    categoryId: item.post.categoryId,
    post: presentPost(item.post, moderator),
  };
}

export function presentSubscription(s: Subscription) {
  return {
    id: s.id,
    targetType: s.targetType,
    targetId: s.targetId,
    digest: s.digest ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}

export function presentNotification(n: Notification, t: Translate) {
  return {
    id: n.id,
    kind: n.kind,
    threadId: n.threadId,
    postId: n.postId,
    categoryId: n.categoryId,
    actorId: n.actorId,
    title: n.title,
    lang: n.lang,
    dir: textDirection(n.lang),
    text: t(`forum:notifications.${n.kind}`, { title: n.title }),
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}
