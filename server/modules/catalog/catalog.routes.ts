import { Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import { languageParam, readerLanguages } from './catalog.http';
import { PageQuery } from './catalog.schemas';
import type { Catalog } from './catalog.wiring';
import { CONTENT_KINDS } from './content.types';
import { courseRouter } from './course.routes';
import {
  CreateCredentialBody,
  CredentialTranslationBody,
  credentialFilter,
  ListCredentialsQuery,
  PatchCredentialBody,
} from './credential.schemas';
import { presentCredential, presentForAuthoring, presentResource } from './flat-content.presenter';
import { flatContentRouter } from './flat-content.routes';
import { createLocalizer } from './localizer';
import {
  CreateResourceBody,
  ListResourcesQuery,
  PatchResourceBody,
  ResourceTranslationBody,
  resourceFilter,
} from './resource.schemas';
import { presentVocabulary } from './vocabulary.presenter';

const WorklistQuery = z.strictObject({
  ...PageQuery,
  lang: z.string().max(100),
  kind: z.enum(CONTENT_KINDS).optional(),
});

/** Every catalog route: courses, resources, credential definitions and the translation worklist. */
export function catalogRouter(catalog: Catalog, supported: readonly string[]): Router {
  const router = Router();
  const { cache } = catalog;
  router.use('/api/courses', courseRouter(catalog.courses, cache, supported));
  router.use(
    '/api/resources',
    flatContentRouter({
      name: 'resources',
      service: catalog.resources,
      cache,
      supported,
      schemas: {
        list: ListResourcesQuery,
        create: CreateResourceBody,
        patch: PatchResourceBody,
        translation: ResourceTranslationBody,
      },
      filter: resourceFilter,
      present: presentResource,
      presentForAuthoring,
    }),
  );
  router.use(
    '/api/credentials',
    flatContentRouter({
      name: 'credentials',
      service: catalog.credentials,
      cache,
      supported,
      schemas: {
        list: ListCredentialsQuery,
        create: CreateCredentialBody,
        patch: PatchCredentialBody,
        translation: CredentialTranslationBody,
      },
      filter: credentialFilter,
      present: presentCredential,
      presentForAuthoring,
    }),
  );

  router.get('/api/catalog/vocabulary', (req, res) => {
    sendData(res, { lang: req.locale.locale, dir: req.locale.dir, ...presentVocabulary(req.t) });
  });

  // GET /api/translations/worklist?lang=ru — `lang` is both the target language and the UI locale.
  router.get(
    '/api/translations/worklist',
    handle({ query: WorklistQuery }, async ({ query }, req, res) => {
      const lang = languageParam(query.lang, supported);
      const { items, total } = await catalog.worklist.list(requireActor(req), lang, query, query.kind);
      const langs = readerLanguages(req);
      sendData(
        res,
        {
          lang,
          dir: req.locale.dir,
          items: items.map((e) => {
            const loc = createLocalizer(langs, { sourceLanguage: e.sourceLanguage, translationStatus: {} });
            const labels = {
              kindLabel: req.t(`catalog:kinds.${e.kind}`),
              reasonLabel: req.t(`catalog:worklistReasons.${e.reason}`),
            };
            return { ...e, title: loc.text('title', e.title), ...labels, ...loc.info() };
          }),
        },
        { pagination: { page: query.page, pageSize: query.pageSize, total } },
      );
    }),
  );
  return router;
}
