import { Router } from 'express';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { presentHit, presentSearchPage } from './search.presenter';
import { SearchQuerySchema, SuggestQuerySchema } from './search.schemas';
import type { SearchService } from './search.service';

/** GET /api/search and /api/search/suggest — public; only published content is indexed. */
export function searchRouter(search: SearchService): Router {
  const router = Router();
  router.get(
    '/',
    handle({ query: SearchQuerySchema }, async ({ query }, req, res) => {
      const page = await search.search(query, req.locale.requested);
      sendData(res, presentSearchPage(page, req.locale.requested, req.locale.dir, req.t), {
        pagination: { page: page.page, pageSize: page.pageSize, total: page.total },
      });
    }),
  );
  router.get(
    '/suggest',
    handle({ query: SuggestQuerySchema }, async ({ query }, req, res) => {
      const { terms, hits } = await search.suggest(query.q, req.locale.requested, query.limit);
      sendData(res, {
        lang: req.locale.requested,
        dir: req.locale.dir,
        items: hits.map((h) => presentHit(h, req.locale.requested, terms)),
      });
    }),
  );
  return router;
}
