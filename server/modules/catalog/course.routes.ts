import { type Response, Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { CatalogCache } from './catalog.cache';
import { languageParam, pageKey, readerLanguages, servePage } from './catalog.http';
import { SlugParams, VersionQuery } from './catalog.schemas';
import type { Course } from './course.model';
import { presentCourse, presentCourseForAuthoring, presentCourseSummary } from './course.presenter';
import {
  CreateCourseBody,
  CreateLessonBody,
  CreateModuleBody,
  LessonParams,
  ListCoursesQuery,
  ModuleParams,
  PatchCourseBody,
  PatchLessonBody,
  PatchModuleBody,
  ReorderBody,
} from './course.schemas';
import type { CourseService } from './course.service';
import { CourseTranslationBody } from './course.translation';
import { TRANSITIONS } from './workflow';

const TranslationParams = z.strictObject({ slug: z.string().max(200), lang: z.string().max(100) });

type Authored = (res: Response, course: Course, status?: number) => void;

/** /api/courses — public reads (cached when published) and the authoring API. */
export function courseRouter(
  service: CourseService,
  cache: CatalogCache,
  supported: readonly string[],
): Router {
  const router = Router();
  const authored: Authored = (res, course, status = 200) =>
    sendData(res, presentCourseForAuthoring(course), { status });
  readRoutes(router, service, cache);
  authoringRoutes(router, service, authored, supported);
  moduleRoutes(router, service, authored);
  lessonRoutes(router, service, authored);
  return router;
}

/** GET list and page: public, published content served from the cache. */
function readRoutes(router: Router, service: CourseService, cache: CatalogCache): void {
  router.get(
    '/',
    handle({ query: ListCoursesQuery }, async ({ query }, req, res) => {
      const langs = readerLanguages(req);
      const published = query.state === 'published';
      await servePage(res, cache, published ? pageKey('courses', query, langs) : null, async () => {
        const { items, total } = await service.list(req.actor, query, langs.requested);
        const data = {
          lang: langs.requested,
          dir: req.locale.dir,
          items: items.map((c) => presentCourseSummary(c, langs)),
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
      await servePage(res, cache, pageKey('course', params.slug, langs), async () => {
        const course = await service.get(req.actor, params.slug);
        const data = { lang: langs.requested, dir: req.locale.dir, item: presentCourse(course, langs) };
        return { data, cacheable: course.state === 'published' };
      });
    }),
  );
}

/** Create, authoring view, PATCH, translations and the workflow. */
function authoringRoutes(
  router: Router,
  service: CourseService,
  authored: Authored,
  supported: readonly string[],
) {
  router.post(
    '/',
    handle({ body: CreateCourseBody }, async ({ body }, req, res) => {
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
    handle({ params: SlugParams, body: PatchCourseBody }, async ({ params, body }, req, res) => {
      authored(res, await service.patch(requireActor(req), params.slug, body));
    }),
  );

  router.put(
    '/:slug/translations/:lang',
    handle({ params: TranslationParams, body: CourseTranslationBody }, async ({ params, body }, req, res) => {
      const lang = languageParam(params.lang, supported);
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

/** Module create, reorder, update, delete. */
function moduleRoutes(router: Router, service: CourseService, authored: Authored): void {
  router.post(
    '/:slug/modules',
    handle({ params: SlugParams, body: CreateModuleBody }, async ({ params, body }, req, res) => {
      const { version, ...input } = body;
      authored(res, await service.addModule(requireActor(req), params.slug, version, input), 201);
    }),
  );

  router.put(
    '/:slug/modules/order',
    handle({ params: SlugParams, body: ReorderBody }, async ({ params, body }, req, res) => {
      authored(res, await service.reorderModules(requireActor(req), params.slug, body.version, body.keys));
    }),
  );

  router.patch(
    '/:slug/modules/:moduleKey',
    handle({ params: ModuleParams, body: PatchModuleBody }, async ({ params, body }, req, res) => {
      const actor = requireActor(req);
      authored(
        res,
        await service.patchModule(actor, params.slug, body.version, params.moduleKey, body.title),
      );
    }),
  );

  router.delete(
    '/:slug/modules/:moduleKey',
    handle({ params: ModuleParams, query: VersionQuery }, async ({ params, query }, req, res) => {
      authored(
        res,
        await service.removeModule(requireActor(req), params.slug, query.version, params.moduleKey),
      );
    }),
  );
}

function lessonRoutes(router: Router, service: CourseService, authored: Authored): void {
  router.post(
    '/:slug/modules/:moduleKey/lessons',
    handle({ params: ModuleParams, body: CreateLessonBody }, async ({ params, body }, req, res) => {
      const actor = requireActor(req);
      authored(
        res,
        await service.addLesson(actor, params.slug, body.version, params.moduleKey, body.lesson),
        201,
      );
    }),
  );

  router.put(
    '/:slug/modules/:moduleKey/lessons/order',
    handle({ params: ModuleParams, body: ReorderBody }, async ({ params, body }, req, res) => {
      const actor = requireActor(req);
      authored(
        res,
        await service.reorderLessons(actor, params.slug, body.version, params.moduleKey, body.keys),
      );
    }),
  );

  router.patch(
    '/:slug/modules/:moduleKey/lessons/:lessonKey',
    handle({ params: LessonParams, body: PatchLessonBody }, async ({ params, body }, req, res) => {
      const { version, ...patch } = body;
      const { slug, moduleKey, lessonKey } = params;
      authored(res, await service.patchLesson(requireActor(req), slug, version, moduleKey, lessonKey, patch));
    }),
  );

  router.delete(
    '/:slug/modules/:moduleKey/lessons/:lessonKey',
    handle({ params: LessonParams, query: VersionQuery }, async ({ params, query }, req, res) => {
      const { slug, moduleKey, lessonKey } = params;
      authored(res, await service.removeLesson(requireActor(req), slug, query.version, moduleKey, lessonKey));
    }),
  );
}
