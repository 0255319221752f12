import { Router } from 'express';
import { handle } from '../../shared/validate';
import type { Forum } from './forum.module';
import { renderThreadPage, THREAD_PAGE_CSP } from './forum.page';
import * as S from './forum.schemas';

/** /forum: server-rendered pages (a thread as the public sees it), for search engines and no-JS clients. */
export function forumPagesRouter(forum: Forum): Router {
  const router = Router();
  router.get(
    '/threads/:id',
    handle({ params: S.IdParams, query: S.ThreadPageQuery }, async ({ params, query }, req, res) => {
      const { locale } = req.locale;
      const cached = await forum.forum.publicThreadPage(
        params.id,
        query.cursor,
        query.limit,
        `html|${locale}`,
        (page) => {
          const next = page.posts.nextCursor;
          const href = next ? `?cursor=${encodeURIComponent(next)}&limit=${query.limit}` : null;
          return renderThreadPage(page, locale, req.t, href);
        },
      );
      res.status(200).type('html').setHeader('Content-Security-Policy', THREAD_PAGE_CSP);
      res.setHeader('ETag', cached.etag).send(cached.body);
    }),
  );
  return router;
}
