import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { canSee, isModerator } from './forum.access';
import type { Announcer } from './forum.announcer';
import type { ForumContext, ForumDeps } from './forum.deps';
import type { ForumService } from './forum.service';
import {
  admitPost,
  auditAction,
  checkAttachments,
  initialStatus,
  prepareBody,
  recount,
} from './forum.writer';
import type { PostQuote } from './post.model';
import type { Post } from './post.repository';
import type { ReportReason } from './report.model';

export interface ReplyInput {
  readonly body: string;
  readonly lang?: string | undefined;
  readonly quotePostId?: string | undefined;
  readonly attachments: readonly string[];
}

// A quote carries the start of the quoted post, not all of it.
const QUOTE_CHARS = 500;

/** Replies, edits, deletions, likes and reports of single posts. */
export function createPostService(deps: ForumDeps, forum: ForumService, announcer: Announcer) {
  async function postFor(actor: Actor | undefined, id: string) {
    const post = await deps.posts.findById(id);
    if (!post || !canSee(actor, post.status, post.authorId)) throw new AppError('forum_post_not_found');
    return post;
  }

  async function quoteOf(threadId: string, quotePostId: string | undefined): Promise<PostQuote | null> {
    if (!quotePostId) return null;
    const quoted = await deps.posts.findById(quotePostId);
    if (!quoted || quoted.threadId !== threadId || quoted.status !== 'visible') {
      throw new AppError('validation_failed', {
        issues: [{ in: 'body', path: ['quotePostId'], code: 'quote_not_found', params: {} }],
      });
    }
    const excerpt = prepareBody(quoted.body.slice(0, QUOTE_CHARS), quoted.lang, quoted.lang);
    return {
      postId: quoted.id,
      authorId: quoted.authorId,
      body: excerpt.body,
      html: excerpt.html,
      lang: quoted.lang,
    };
  }

  const likesOf = async (postId: string) => (await deps.posts.likeCounts([postId])).get(postId) ?? 0;

  return {
    postFor,

    /**
     * Replies in a thread (409 when locked, except for moderators). The request writes the post
     * and touches the thread (page caches); the announcement (recount, outreach event,
     * notifications) runs in the background, the unannounced post being its outbox record.
     */
    async reply(ctx: ForumContext, threadId: string, input: ReplyInput) {
      const thread = await forum.threadFor(ctx.actor, threadId);
      if (thread.locked && !isModerator(ctx.actor)) throw new AppError('forum_thread_locked');
      await admitPost(deps, ctx, await forum.categoryForPosting(thread.categoryId));
      const [attachments, quote, status] = await Promise.all([
        checkAttachments(deps, input.attachments),
        quoteOf(thread.id, input.quotePostId),
        initialStatus(deps, ctx),
      ]);
      const prepared = prepareBody(input.body, input.lang, thread.lang);
      const base = { threadId: thread.id, categoryId: thread.categoryId, authorId: ctx.actor.userId };
      const post = await deps.posts.create(
        { ...base, ...prepared, quote, attachments, status },
        deps.clock(),
      );
      const visible = status === 'visible';
      await Promise.all([
        deps.notifications.follow(ctx.actor.userId, { targetType: 'thread', targetId: thread.id }),
        visible ? deps.threads.touch(thread.id, post.createdAt) : null,
      ]);
      if (visible) announcer.later(thread, post);
      return post;
    },

    /** The author edits their post; the previous body goes to the history moderators can read. */
    async edit(ctx: ForumContext, id: string, input: { body: string; lang?: string | undefined }) {
      const post = await postFor(ctx.actor, id);
      if (post.authorId !== ctx.actor.userId) throw new AppError('forbidden');
      const thread = await forum.threadFor(ctx.actor, post.threadId);
      if (thread.locked && !isModerator(ctx.actor)) throw new AppError('forum_thread_locked');
      const prepared = prepareBody(input.body, input.lang, post.lang);
      const revision = {
        body: post.body,
        lang: post.lang,
        editedAt: deps.clock(),
        editorId: ctx.actor.userId,
      };
      const edited = await deps.posts.edit(post.id, prepared, revision);
      if (!edited) throw new AppError('forum_post_not_found');
      await deps.threads.update(thread.id, {});
      return edited;
    },

    /** The author (or a moderator, with a reason) deletes a post; the opening post takes the thread. */
    async remove(ctx: ForumContext, id: string, reason: string | undefined) {
      const post = await postFor(ctx.actor, id);
      const own = post.authorId === ctx.actor.userId;
      if (!own && !isModerator(ctx.actor)) throw new AppError('forbidden');
      const deleted = await deps.posts.setStatus(
        post.id,
        ['visible', 'pending', 'hidden'],
        'deleted',
        reason ?? null,
      );
      if (!deleted) throw new AppError('forum_post_not_found');
      await afterLeaving(deps, post, 'deleted');
      if (!own) await deps.reports.resolveForPost(post.id, 'deleted', ctx.actor.userId);
      if (!own || reason)
        await auditAction(
          deps,
          ctx,
          'forum.post.deleted',
          { type: 'forum_post', id: post.id },
          { reason: reason ?? '', byAuthor: own },
        );
      return deleted;
    },

    /** Likes a post once per user (idempotent, also under concurrent requests). */
    async like(ctx: ForumContext, id: string) {
      const post = await postFor(ctx.actor, id);
      if (post.status !== 'visible') throw new AppError('forum_post_not_found');
      const { added } = await deps.posts.like(post.id, ctx.actor.userId);
      // Likes are part of cached public pages: other processes must see the thread change.
      if (added) await deps.threads.touch(post.threadId);
      return { postId: post.id, added, likeCount: await likesOf(post.id) };
    },

    /** Removes the user's like, if any. */
    async unlike(ctx: ForumContext, id: string) {
      const post = await postFor(ctx.actor, id);
      const { removed } = await deps.posts.unlike(post.id, ctx.actor.userId);
      if (removed) await deps.threads.touch(post.threadId);
      return { postId: post.id, likeCount: await likesOf(post.id) };
    },

    /** Reports a post to the moderators; a repeat by the same user returns the first report. */
    async report(ctx: ForumContext, id: string, input: { reason: ReportReason; note?: string | undefined }) {
      const post = await postFor(ctx.actor, id);
      return deps.reports.create({
        postId: post.id,
        threadId: post.threadId,
        categoryId: post.categoryId,
        lang: post.lang,
        reporterId: ctx.actor.userId,
        reason: input.reason,
        note: input.note ?? null,
      });
    },
  };
}

/**
 * Bookkeeping when `post` leaves view (hidden or deleted): the thread's visible count, and
 * when it was the opening post, the thread itself follows.
 */
export async function afterLeaving(deps: ForumDeps, post: Post, to: 'hidden' | 'deleted'): Promise<void> {
  const thread = await deps.threads.findById(post.threadId);
  if (!thread) return;
  const opening = thread.firstPostId === post.id;
  if (opening) await deps.threads.update(thread.id, { status: to });
  await recount(deps, thread, null, opening ? [thread.categoryId] : []);
}

export type PostService = ReturnType<typeof createPostService>;
