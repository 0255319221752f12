import { type Request, Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData, sendSerialized } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { ForumContext } from './forum.deps';
import type { Forum } from './forum.module';
import {
  presentCategory,
  presentPost,
  presentSubscription,
  presentThread,
  presentThreadPage,
} from './forum.presenter';
import * as S from './forum.schemas';
import type { ThreadPage } from './forum.service';

/** Like state of a post just written. */
export const NEW_POST = { liked: false, count: 0 } as const;

/** The acting user and request id, for services that audit. */
export const contextOf = (req: Request): ForumContext => ({
  actor: requireActor(req),
  requestId: String(req.id),
});

/** /api/forum: categories, threads, posts, reactions, reports, subscriptions. */
export function forumRouter(forum: Forum): Router {
  const router = Router();
  router.get(
    '/categories',
    handle({ query: S.ListCategoriesQuery }, async ({ query }, req, res) => {
      const list = await forum.forum.listCategories(query);
      sendData(
        res,
        list.map((c) => presentCategory(c, req.locale.locale, req.t)),
      );
    }),
  );
  router.post(
    '/categories',
    handle({ body: S.CreateCategoryBody }, async ({ body }, req, res) => {
      const category = await forum.forum.createCategory(contextOf(req), body);
      sendData(res, presentCategory(category, req.locale.locale, req.t), { status: 201 });
    }),
  );
  router.get(
    '/categories/:id/threads',
    handle({ params: S.IdParams, query: S.PageQuery }, async ({ params, query }, req, res) => {
      const present = ({ category, threads }: Awaited<ReturnType<typeof forum.forum.listThreads>>) => ({
        data: {
          category: presentCategory(category, req.locale.locale, req.t),
          threads: threads.items.map((t) => presentThread(t, req.t)),
        },
        pagination: { pageSize: query.limit, nextCursor: threads.nextCursor },
      });
      if (!req.actor) {
        // Anonymous readers share one serialized list per category page and locale (≤ 1 s old).
        const cached = await forum.forum.publicThreadList(
          params.id,
          query.cursor,
          query.limit,
          req.locale.locale,
          present,
        );
        sendSerialized(res, cached);
        return;
      }
      res.json(present(await forum.forum.listThreads(req.actor, params.id, query.cursor, query.limit)));
    }),
  );
  router.post(
    '/threads',
    handle({ body: S.CreateThreadBody }, async ({ body }, req, res) => {
      const { thread, post } = await forum.forum.createThread(contextOf(req), body);
      sendData(
        res,
        { thread: presentThread(thread, req.t), post: presentPost(post, req.actor, NEW_POST) },
        { status: 201 },
      );
    }),
  );
  router.get(
    '/threads/:id',
    handle({ params: S.IdParams, query: S.ThreadPageQuery }, async ({ params, query }, req, res) => {
      const present = (page: ThreadPage) =>
        presentThreadPage(page, req.actor, req.locale.locale, req.t, query.limit);
      if (!req.actor) {
        const { locale } = req.locale;
        const cached = await forum.forum.publicThreadPage(
          params.id,
          query.cursor,
          query.limit,
          locale,
          present,
        );
        sendSerialized(res, cached);
        return;
      }
      res.json(present(await forum.forum.readThread(req.actor, params.id, query.cursor, query.limit)));
    }),
  );
  router.post(
    '/threads/:id/posts',
    handle({ params: S.IdParams, body: S.ReplyBody }, async ({ params, body }, req, res) => {
      const post = await forum.posts.reply(contextOf(req), params.id, body);
      sendData(res, presentPost(post, req.actor, NEW_POST), { status: 201 });
    }),
  );
  router.patch(
    '/posts/:id',
    handle({ params: S.IdParams, body: S.EditPostBody }, async ({ params, body }, req, res) => {
      sendData(res, presentPost(await forum.posts.edit(contextOf(req), params.id, body), req.actor));
    }),
  );
  router.delete(
    '/posts/:id',
    handle({ params: S.IdParams, query: S.DeletePostQuery }, async ({ params, query }, req, res) => {
      await forum.posts.remove(contextOf(req), params.id, query.reason);
      res.status(204).end();
    }),
  );
  postActions(router, forum);
  subscriptionRoutes(router, forum);
  return router;
}

function postActions(router: Router, forum: Forum) {
  router.post(
    '/posts/:id/reactions',
    handle({ params: S.IdParams, body: S.ReactionBody }, async ({ params }, req, res) => {
      const { postId, added, likeCount } = await forum.posts.like(contextOf(req), params.id);
      sendData(res, { postId, likeCount, liked: true }, { status: added ? 201 : 200 });
    }),
  );
  router.delete(
    '/posts/:id/reactions',
    handle({ params: S.IdParams }, async ({ params }, req, res) => {
      const { postId, likeCount } = await forum.posts.unlike(contextOf(req), params.id);
      sendData(res, { postId, likeCount, liked: false });
    }),
  );
  router.post(
    '/posts/:id/reports',
    handle({ params: S.IdParams, body: S.ReportBody }, async ({ params, body }, req, res) => {
      const { report, created } = await forum.posts.report(contextOf(req), params.id, body);
      const data = { id: report.id, postId: report.postId, reason: report.reason, status: report.status };
      sendData(res, data, { status: created ? 201 : 200 });
    }),
  );
}

function subscriptionRoutes(router: Router, forum: Forum) {
  router.get('/subscriptions', async (req, res) => {
    const list = await forum.notifications.listSubscriptions(requireActor(req));
    sendData(res, list.map(presentSubscription));
  });
  router.post(
    '/subscriptions',
    handle({ body: S.SubscribeBody }, async ({ body }, req, res) => {
      const { subscription, created } = await forum.notifications.subscribe(requireActor(req), body);
      sendData(res, presentSubscription(subscription), { status: created ? 201 : 200 });
    }),
  );
  router.patch(
    '/subscriptions/:id',
    handle({ params: S.IdParams, body: S.SubscriptionDigestBody }, async ({ params, body }, req, res) => {
      const updated = await forum.digests.setSubscriptionDigest(requireActor(req), params.id, body.digest);
      sendData(res, presentSubscription(updated));
    }),
  );
  router.get(
    '/digest',
    handle({}, async (_input, req, res) => {
      sendData(res, { frequency: await forum.digests.frequency(requireActor(req)) });
    }),
  );
  router.put(
    '/digest',
    handle({ body: S.DigestBody }, async ({ body }, req, res) => {
      sendData(res, { frequency: await forum.digests.setFrequency(requireActor(req), body.frequency) });
    }),
  );
  router.delete(
    '/subscriptions/:id',
    handle({ params: S.IdParams }, async ({ params }, req, res) => {
      await forum.notifications.unsubscribe(requireActor(req), params.id);
      res.status(204).end();
    }),
  );
}
