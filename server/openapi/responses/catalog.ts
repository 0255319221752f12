import { z } from 'zod';
import { data, moduleDocs, paged, type RouteDoc } from '../registry';
import { COURSE_LIST_EXAMPLES, CREATE_COURSE_EXAMPLES } from './catalog.examples';
import {
  Authoring,
  Collection,
  Course,
  CourseSummary,
  CredentialDefinition,
  Resource,
  Vocabulary,
  WorklistEntry,
} from './catalog.schemas';
import { Dir, NO_INPUT } from './common';

const list = (item: z.ZodType) => paged(z.object({ lang: z.string(), dir: Dir, items: z.array(item) }));
const one = (item: z.ZodType) => data(z.object({ lang: z.string(), dir: Dir, item }));
const CACHED = { ETag: 'Weak validator; send If-None-Match to get 304' };
const authored = (description: string) => ({ description, schema: data(Authoring) });

/** The routes courses, resources and credential definitions share (see flat-content.routes.ts). */
function contentRoutes(
  base: string,
  noun: string,
  plural: string,
  item: z.ZodType,
): Record<string, RouteDoc> {
  const Noun = noun[0]?.toUpperCase() + noun.slice(1);
  const Plural = plural[0]?.toUpperCase() + plural.slice(1);
  const routes: Record<string, RouteDoc> = {
    [`GET ${base}`]: {
      id: `list${Plural}`,
      summary: `Published ${plural} in the reader’s language (authors also see drafts with \`state\`)`,
      responses: {
        200: { description: 'A page of items', schema: list(item), headers: CACHED },
        304: { description: 'Not modified' },
      },
      errors: [401, 403],
    },
    [`GET ${base}/:slug`]: {
      id: `get${Noun}`,
      summary: `One ${noun} in the reader’s language, with fallback facts`,
      responses: {
        200: { description: `The ${noun}`, schema: one(item), headers: CACHED },
        304: { description: 'Not modified' },
      },
    },
    [`POST ${base}`]: {
      id: `create${Noun}`,
      summary: `Create a draft ${noun} (authors)`,
      responses: { 201: authored('Created draft') },
      errors: [409],
    },
    [`GET ${base}/:slug/authoring`]: {
      id: `get${Noun}ForAuthoring`,
      summary: `The authoring view of a ${noun}: every language, workflow state, version`,
      responses: { 200: authored('Authoring view') },
    },
    [`PATCH ${base}/:slug`]: {
      id: `update${Noun}`,
      summary: `Change a ${noun} (version-checked; translatable fields merge per language)`,
      responses: { 200: authored('Updated') },
      errors: [409],
    },
    [`PUT ${base}/:slug/translations/:lang`]: {
      id: `put${Noun}Translation`,
      summary: `Put one language’s texts of a ${noun} (translators)`,
      responses: { 200: authored('Updated') },
      errors: [409],
    },
  };
  for (const action of ['submit', 'publish', 'archive'] as const) {
    routes[`POST ${base}/:slug/${action}`] = {
      id: `${action}${Noun}`,
      summary: `Workflow: ${action} a ${noun} (\`version\` query parameter guards against stale edits)`,
      responses: { 200: authored('The item in its new state') },
      errors: [409],
    };
  }
  return routes;
}

const courseRoutes = contentRoutes('/api/courses', 'course', 'courses', CourseSummary);
courseRoutes['GET /api/courses'] = {
  ...(courseRoutes['GET /api/courses'] as RouteDoc),
  responses: {
    200: {
      description: 'A page of course cards',
      schema: list(CourseSummary),
      headers: CACHED,
      examples: COURSE_LIST_EXAMPLES,
    },
    304: { description: 'Not modified' },
  },
};
courseRoutes['GET /api/courses/:slug'] = {
  ...(courseRoutes['GET /api/courses/:slug'] as RouteDoc),
  responses: {
    200: {
      description: 'The course page: modules and lessons (quiz answers never included)',
      schema: one(Course),
      headers: CACHED,
    },
    304: { description: 'Not modified' },
  },
};
courseRoutes['POST /api/courses'] = {
  ...(courseRoutes['POST /api/courses'] as RouteDoc),
  requestExamples: CREATE_COURSE_EXAMPLES,
};

const outlineRoutes: Record<string, RouteDoc> = {
  'POST /api/courses/:slug/modules': {
    id: 'addCourseModule',
    summary: 'Add a module',
    responses: { 201: authored('The course with the module') },
    errors: [409],
  },
  'PUT /api/courses/:slug/modules/order': {
    id: 'reorderCourseModules',
    summary: 'Reorder the modules',
    responses: { 200: authored('The course') },
    errors: [409],
  },
  'PATCH /api/courses/:slug/modules/:moduleKey': {
    id: 'updateCourseModule',
    summary: 'Change a module',
    responses: { 200: authored('The course') },
    errors: [409],
  },
  'DELETE /api/courses/:slug/modules/:moduleKey': {
    id: 'deleteCourseModule',
    summary: 'Delete a module (`version` query parameter)',
    responses: { 200: authored('The course') },
    errors: [409],
  },
  'POST /api/courses/:slug/modules/:moduleKey/lessons': {
    id: 'addCourseLesson',
    summary: 'Add a lesson to a module',
    responses: { 201: authored('The course with the lesson') },
    errors: [409],
  },
  'PUT /api/courses/:slug/modules/:moduleKey/lessons/order': {
    id: 'reorderCourseLessons',
    summary: 'Reorder a module’s lessons',
    responses: { 200: authored('The course') },
    errors: [409],
  },
  'PATCH /api/courses/:slug/modules/:moduleKey/lessons/:lessonKey': {
    id: 'updateCourseLesson',
    summary: 'Change a lesson',
    responses: { 200: authored('The course') },
    errors: [409],
  },
  'DELETE /api/courses/:slug/modules/:moduleKey/lessons/:lessonKey': {
    id: 'deleteCourseLesson',
    summary: 'Delete a lesson (`version` query parameter)',
    responses: { 200: authored('The course') },
    errors: [409],
  },
};

/** Courses, publications, credential definitions, collections, vocabulary, translation worklist. */
export const catalogDocs = moduleDocs({
  tag: 'catalog',
  description:
    'The multilingual catalog: courses, publications (resources), credential definitions; see docs/content-model.md',
  routes: {
    ...courseRoutes,
    ...outlineRoutes,
    ...contentRoutes('/api/resources', 'resource', 'resources', Resource),
    ...contentRoutes(
      '/api/credentials',
      'credentialDefinition',
      'credentialDefinitions',
      CredentialDefinition,
    ),
    'GET /api/collections': {
      id: 'listCollections',
      summary: 'The catalog’s collections in the reader’s language',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'Collections',
          schema: data(z.object({ lang: z.string(), dir: Dir, items: z.array(Collection) })),
        },
      },
    },
    'GET /api/catalog/vocabulary': {
      id: 'getCatalogVocabulary',
      summary: 'Audiences, topics, levels, formats … with labels in the reader’s language',
      request: NO_INPUT,
      responses: { 200: { description: 'Vocabularies', schema: data(Vocabulary) } },
    },
    'GET /api/translations/worklist': {
      id: 'getTranslationWorklist',
      summary: 'What needs translating into `lang` (translators and authors)',
      responses: {
        200: {
          description: 'A page of items missing or stale in the language',
          schema: paged(z.object({ lang: z.string(), dir: Dir, items: z.array(WorklistEntry) })),
        },
      },
    },
  },
});
