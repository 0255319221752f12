import { z } from 'zod';
import { data, moduleDocs, paged } from '../registry';
import { Dir, IsoDate, NO_INPUT } from './common';
import { ForumCategory, ForumPost, ForumThread } from './forum.schemas';

const Likes = z.object({ postId: z.string(), likeCount: z.int().min(0), liked: z.boolean() });
const Subscription = z.object({
  id: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** This subscription's email digest; null follows the user's global choice. */
  digest: z.enum(['none', 'daily', 'weekly']).nullable(),
  createdAt: IsoDate,
});
const DigestChoice = z.object({ frequency: z.enum(['none', 'daily', 'weekly']) });
const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  threadId: z.string().nullable(),
  postId: z.string().nullable(),
  categoryId: z.string().nullable(),
  actorId: z.string().nullable(),
  title: z.string(),
  lang: z.string(),
  dir: Dir,
  text: z.string(),
  read: z.boolean(),
  createdAt: IsoDate,
});
const QueueItem = z.object({
  kind: z.string(),
  reportCount: z.int().min(0),
  reasons: z.array(z.object({ reason: z.string(), count: z.int(), label: z.string() })),
  since: IsoDate,
  categoryId: z.string(),
  post: ForumPost,
});

/** Categories, threads, posts, reactions, reports, moderation, subscriptions, notifications. */
export const forumDocs = moduleDocs({
  tag: 'forum',
  description: 'Multilingual forum with moderation and notifications; see docs/forum.md',
  routes: {
    'GET /api/forum/categories': {
      id: 'listForumCategories',
      summary: 'Categories in the reader’s language',
      responses: { 200: { description: 'Categories', schema: data(z.array(ForumCategory)) } },
    },
    'POST /api/forum/categories': {
      id: 'createForumCategory',
      summary: 'Create a category (moderators)',
      responses: { 201: { description: 'Created', schema: data(ForumCategory) } },
      errors: [409],
    },
    'GET /api/forum/categories/:id/threads': {
      id: 'listForumThreads',
      summary: 'A category’s threads, pinned first then newest (cursor pagination)',
      responses: {
        200: {
          description: 'The category and a page of threads',
          schema: paged(z.object({ category: ForumCategory, threads: z.array(ForumThread) })),
        },
      },
    },
    'POST /api/forum/threads': {
      id: 'createForumThread',
      summary: 'Start a thread with its first post',
      responses: {
        201: { description: 'Created', schema: data(z.object({ thread: ForumThread, post: ForumPost })) },
      },
      errors: [403, 409, 429],
    },
    'GET /api/forum/threads/:id': {
      id: 'readForumThread',
      summary: 'A thread with one page of posts (anonymous pages are cached, with an ETag)',
      responses: {
        200: {
          description: 'Thread, category and posts',
          schema: paged(
            z.object({ thread: ForumThread, category: ForumCategory, posts: z.array(ForumPost) }),
          ),
          headers: { ETag: 'For anonymous readers' },
        },
        304: { description: 'Not modified: If-None-Match matched the page’s ETag (anonymous readers)' },
      },
    },
    'GET /forum/threads/:id': {
      id: 'forumThreadPage',
      summary: 'A thread as a server-rendered HTML page (public view, reader language, per-post lang/dir)',
      responses: {
        200: {
          description: 'HTML page (strict CSP, no script), with an ETag',
          media: { 'text/html': {} },
          headers: { ETag: 'Weak ETag of the page' },
        },
        304: { description: 'Not modified: If-None-Match matched the page’s ETag' },
      },
    },
    'POST /api/forum/threads/:id/posts': {
      id: 'replyToForumThread',
      summary: 'Reply (Markdown, optional quote and attachments)',
      responses: { 201: { description: 'Created', schema: data(ForumPost) } },
      errors: [403, 409, 429],
    },
    'PATCH /api/forum/posts/:id': {
      id: 'editForumPost',
      summary: 'Edit my post (history kept for moderators)',
      responses: { 200: { description: 'Edited', schema: data(ForumPost) } },
      errors: [409],
    },
    'DELETE /api/forum/posts/:id': {
      id: 'deleteForumPost',
      summary: 'Delete my post (or a moderator removes it)',
      responses: { 204: { description: 'Deleted' } },
      errors: [409],
    },
    'POST /api/forum/posts/:id/reactions': {
      id: 'likeForumPost',
      summary: 'Like a post (idempotent)',
      responses: {
        201: { description: 'Liked', schema: data(Likes) },
        200: { description: 'Already liked', schema: data(Likes) },
      },
      errors: [409],
    },
    'DELETE /api/forum/posts/:id/reactions': {
      id: 'unlikeForumPost',
      summary: 'Remove my like',
      responses: { 200: { description: 'Not liked', schema: data(Likes) } },
    },
    'POST /api/forum/posts/:id/reports': {
      id: 'reportForumPost',
      summary: 'Report a post to the moderators (once per reader)',
      responses: {
        201: {
          description: 'Reported',
          schema: data(
            z.object({ id: z.string(), postId: z.string(), reason: z.string(), status: z.string() }),
          ),
        },
        200: {
          description: 'Already reported',
          schema: data(
            z.object({ id: z.string(), postId: z.string(), reason: z.string(), status: z.string() }),
          ),
        },
      },
      errors: [409, 429],
    },
    'GET /api/forum/subscriptions': {
      id: 'listForumSubscriptions',
      summary: 'My subscriptions',
      request: NO_INPUT,
      responses: { 200: { description: 'Subscriptions', schema: data(z.array(Subscription)) } },
    },
    'POST /api/forum/subscriptions': {
      id: 'subscribeForum',
      summary: 'Subscribe to a thread or category (idempotent)',
      responses: {
        201: { description: 'Subscribed', schema: data(Subscription) },
        200: { description: 'Already subscribed', schema: data(Subscription) },
      },
    },
    'PATCH /api/forum/subscriptions/:id': {
      id: 'setForumSubscriptionDigest',
      summary: 'Choose this subscription’s email digest (none/daily/weekly, or null for the global choice)',
      responses: { 200: { description: 'The subscription', schema: data(Subscription) } },
    },
    'GET /api/forum/digest': {
      id: 'getForumDigest',
      summary: 'The caller’s global email digest choice (none until set)',
      responses: { 200: { description: 'Digest choice', schema: data(DigestChoice) } },
    },
    'PUT /api/forum/digest': {
      id: 'setForumDigest',
      summary: 'Set the caller’s global email digest choice',
      responses: { 200: { description: 'Digest choice', schema: data(DigestChoice) } },
    },
    'DELETE /api/forum/subscriptions/:id': {
      id: 'unsubscribeForum',
      summary: 'Unsubscribe',
      responses: { 204: { description: 'Unsubscribed' } },
    },
    'GET /api/forum/moderation/queue': {
      id: 'getModerationQueue',
      summary: 'Reported and pending posts (moderators)',
      responses: { 200: { description: 'A page of queue items', schema: paged(z.array(QueueItem)) } },
    },
    'POST /api/forum/posts/:id/moderation': {
      id: 'moderateForumPost',
      summary: 'Approve, hide or remove a post (moderators)',
      responses: { 200: { description: 'The post after moderation', schema: data(ForumPost) } },
      errors: [409],
    },
    'POST /api/forum/threads/:id/moderation': {
      id: 'moderateForumThread',
      summary: 'Lock, pin, hide a thread (moderators)',
      responses: { 200: { description: 'The thread after moderation', schema: data(ForumThread) } },
      errors: [409],
    },
    'GET /api/me/notifications': {
      id: 'listMyNotifications',
      summary: 'My forum notifications, newest first (cursor pagination)',
      responses: {
        200: {
          description: 'Unread count and a page of notifications',
          schema: paged(z.object({ unread: z.int().min(0), items: z.array(Notification) })),
        },
      },
    },
    'POST /api/me/notifications/read': {
      id: 'markMyNotificationsRead',
      summary: 'Mark notifications read',
      responses: {
        200: { description: 'How many were marked', schema: data(z.object({ marked: z.int().min(0) })) },
      },
    },
  },
});
