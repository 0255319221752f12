import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { Forum } from './forum.module';
import { presentNotification } from './forum.presenter';
import { MarkReadBody, NotificationsQuery } from './forum.schemas';

/** /api/me/notifications: the in-app list (newest first, cursor) and marking read. */
export function notificationsRouter(forum: Forum): Router {
  const router = Router();
  router.get(
    '/',
    handle({ query: NotificationsQuery }, async ({ query }, req, res) => {
      const page = await forum.notifications.list(requireActor(req), query);
      sendData(
        res,
        { unread: page.unread, items: page.items.map((n) => presentNotification(n, req.t)) },
        {
          pagination: { pageSize: query.limit, nextCursor: page.nextCursor },
        },
      );
    }),
  );
  router.post(
    '/read',
    handle({ body: MarkReadBody }, async ({ body }, req, res) => {
      const ids = 'ids' in body ? body.ids : 'all';
      sendData(res, { marked: await forum.notifications.markRead(requireActor(req), ids) });
    }),
  );
  return router;
}
