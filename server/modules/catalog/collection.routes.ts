import { Router } from 'express';
import { sendData } from '../../shared/http';
import { presentCollection } from './collection.presenter';
import type { CollectionRepository } from './collection.repository';

/** GET /api/collections — public: the catalog's collections in the reader's language. */
export function collectionRouter(collections: CollectionRepository): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const items = await collections.list();
    res.setHeader('Content-Language', req.locale.locale);
    sendData(res, {
      lang: req.locale.requested,
      dir: req.locale.dir,
      items: items.map((c) => presentCollection(c, req.locale.requested)),
    });
  });
  return router;
}
