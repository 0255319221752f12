import { type Response, Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { CatalogCache } from './catalog.cache';
import { languageParam, pageKey, readerLanguages, servePage } from './catalog.http';
import { SlugParams, VersionQuery } from './catalog.schemas';
import type { ListParams } from './content.service';
import type { FlatContent, FlatContentService, FlatTranslation } from './flat-content.service';
import type { ReaderLanguages } from './localizer';
import { TRANSITIONS } from './workflow';

const TranslationParams = z.strictObject({ slug: z.string().max(200), lang: z.string().max(100) });

/** What distinguishes resources from credential definitions on the wire. */
export interface FlatRoutesConfig<T extends FlatContent, Q extends ListParams> {
  readonly name: string;
  readonly service: FlatContentService<T>;
  readonly cache: CatalogCache;
  readonly supported: readonly string[];
  readonly schemas: {
    readonly list: z.ZodType<Q>;
    readonly create: z.ZodType<
      Record<string, unknown> & { slug: string; sourceLanguage: string; title: Record<string, string> }
    >;
    readonly patch: z.ZodType<{ version: number } & Record<string, unknown>>;
    readonly translation: z.ZodType<FlatTranslation>;
  };
  readonly filter: (query: Q) => Record<string, unknown>;
  readonly present: (item: T, langs: ReaderLanguages) => unknown;
  readonly presentForAuthoring: (item: T) => unknown;
}

/** /api/resources, /api/credentials — public reads (cached when published) and authoring. */
export function flatContentRouter<T extends FlatContent, Q extends ListParams>(
  cfg: FlatRoutesConfig<T, Q>,
): Router {
  const router = Router();
  readRoutes(router, cfg);
  authoringRoutes(router, cfg);
  return router;
}

/** GET list and item: public, published content served from the cache. */
function readRoutes<T extends FlatContent, Q extends ListParams>(
  router: Router,
  cfg: FlatRoutesConfig<T, Q>,
): void {
  const { service, cache, schemas, name } = cfg;
  router.get(
    '/',
    handle({ query: schemas.list }, async ({ query }, req, res) => {
      const langs = readerLanguages(req);
      const published = query.state === 'published';
      await servePage(res, cache, published ? pageKey(name, query, langs) : null, async () => {
        const { items, total } = await service.list(req.actor, query, cfg.filter(query), langs.requested);
        const data = {
          lang: langs.requested,
          dir: req.locale.dir,
          items: items.map((i) => cfg.present(i, langs)),
        };
        return {
          data,
          pagination: { page: query.page, pageSize: query.pageSize, total },
          cacheable: published,
        };
      });
    }),
  );

  router.get(
    '/:slug',
    handle({ params: SlugParams }, async ({ params }, req, res) => {
      const langs = readerLanguages(req);
      await servePage(res, cache, pageKey(`${name}/item`, params.slug, langs), async () => {
        const item = await service.get(req.actor, params.slug);
        const data = { lang: langs.requested, dir: req.locale.dir, item: cfg.present(item, langs) };
        return { data, cacheable: item.state === 'published' };
      });
    }),
  );
}

/** Create, authoring view, PATCH, translations and the workflow. */
function authoringRoutes<T extends FlatContent, Q extends ListParams>(
  router: Router,
  cfg: FlatRoutesConfig<T, Q>,
): void {
  const { service, schemas } = cfg;
  const authored = (res: Response, item: T, status = 200) =>
    sendData(res, cfg.presentForAuthoring(item), { status });
  router.post(
    '/',
    handle({ body: schemas.create }, async ({ body }, req, res) => {
      authored(res, await service.create(requireActor(req), body), 201);
    }),
  );

  router.get(
    '/:slug/authoring',
    handle({ params: SlugParams }, async ({ params }, req, res) => {
      authored(res, await service.getForAuthoring(req.actor, params.slug));
    }),
  );

  router.patch(
    '/:slug',
    handle({ params: SlugParams, body: schemas.patch }, async ({ params, body }, req, res) => {
      authored(res, await service.patch(requireActor(req), params.slug, body));
    }),
  );

  router.put(
    '/:slug/translations/:lang',
    handle({ params: TranslationParams, body: schemas.translation }, async ({ params, body }, req, res) => {
      const lang = languageParam(params.lang, cfg.supported);
      authored(res, await service.putTranslation(requireActor(req), params.slug, lang, body));
    }),
  );

  for (const action of TRANSITIONS) {
    router.post(
      `/:slug/${action}`,
      handle({ params: SlugParams, query: VersionQuery }, async ({ params, query }, req, res) => {
        authored(res, await service.transition(requireActor(req), params.slug, action, query.version));
      }),
    );
  }
}
