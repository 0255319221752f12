import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { Forum } from './forum.module';
import { presentPost, presentQueueItem, presentThread } from './forum.presenter';
import { contextOf } from './forum.routes';
import * as S from './forum.schemas';

/** Moderator routes under /api/forum: the queue and the actions on posts and threads. */
export function moderationRouter(forum: Forum): Router {
  const router = Router();
  router.get(
    '/moderation/queue',
    handle({ query: S.QueueQuery }, async ({ query }, req, res) => {
      const actor = requireActor(req);
      const { items, total } = await forum.moderation.queue(actor, query);
      sendData(
        res,
        items.map((i) => presentQueueItem(i, actor, req.t)),
        {
          pagination: { page: query.page, pageSize: query.pageSize, total },
        },
      );
    }),
  );
  router.post(
    '/posts/:id/moderation',
    handle({ params: S.IdParams, body: S.PostModerationBody }, async ({ params, body }, req, res) => {
      const post = await forum.moderation.actOnPost(contextOf(req), params.id, body.action, body.reason);
      sendData(res, presentPost(post, req.actor));
    }),
  );
  router.post(
    '/threads/:id/moderation',
    handle({ params: S.IdParams, body: S.ThreadModerationBody }, async ({ params, body }, req, res) => {
      const ctx = contextOf(req);
      const thread = await forum.moderation.actOnThread(
        ctx,
        params.id,
        body.action,
        body.reason,
        body.categoryId,
      );
      sendData(res, presentThread(thread, req.t));
    }),
  );
  return router;
}
