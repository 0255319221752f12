import { z } from 'zod';
import { data, moduleDocs, paged } from '../registry';
import { Dir, IsoDate } from './common';

// A two-item array rather than z.tuple: schemathesis mis-reads 2020-12 `prefixItems` in responses.
const Span = z.array(z.int().min(0)).length(2).meta({ description: '[start, end) offsets in the NFC text' });
const Hit = z.object({
  type: z.enum(['course', 'resource', 'credential', 'thread']),
  slug: z.string(),
  href: z.string(),
  title: z.string(),
  summary: z.string(),
  lang: z.string(),
  dir: Dir,
  fallback: z
    .record(z.string(), z.string())
    .meta({ description: 'Fields that fell back → the language served' }),
  availableLanguages: z.array(z.string()),
  audience: z.array(z.string()),
  topics: z.array(z.string()),
  collection: z.string().nullable(),
  highlights: z.object({ title: z.array(Span), summary: z.array(Span) }),
  updatedAt: IsoDate,
});
const Facet = z.object({
  label: z.string(),
  values: z.array(z.object({ value: z.string(), count: z.int().min(0), label: z.string().optional() })),
});

const HIT_EXAMPLES = {
  ar: {
    summary: 'العربية (rtl)',
    value: {
      data: {
        lang: 'ar',
        dir: 'rtl',
        items: [
          {
            type: 'course',
            slug: 'first-aid-basics',
            href: '/api/courses/first-aid-basics',
            title: 'أساسيات الإسعافات الأولية',
            summary: 'تعلّم كيف تتصرّف في الدقائق الأولى بعد الحادث.',
            lang: 'ar',
            dir: 'rtl',
            fallback: {},
            availableLanguages: ['ar', 'en', 'ru', 'zh'],
            audience: ['community'],
            topics: ['first-aid'],
            collection: null,
            highlights: { title: [[0, 6]], summary: [] },
            updatedAt: '2026-11-02T09:00:00.000Z',
          },
        ],
        facets: {},
      },
      pagination: { page: 1, pageSize: 20, total: 1 },
    },
  },
};

/** Full-text search over published content. */
export const searchDocs = moduleDocs({
  tag: 'search',
  description: 'Full-text search in every language, with facets and highlights; see docs/search.md',
  routes: {
    'GET /api/search': {
      id: 'search',
      summary: 'Search published courses, resources, credentials and forum threads',
      responses: {
        200: {
          description: 'A page of hits in the reader’s language, and facet counts',
          schema: paged(
            z.object({
              lang: z.string(),
              dir: Dir,
              items: z.array(Hit),
              facets: z.record(z.string(), Facet),
            }),
          ),
          examples: HIT_EXAMPLES,
        },
      },
      errors: [429],
    },
    'GET /api/search/suggest': {
      id: 'suggest',
      summary: 'Search-as-you-type suggestions',
      responses: {
        200: {
          description: 'Best hits for the prefix',
          schema: data(z.object({ lang: z.string(), dir: Dir, items: z.array(Hit) })),
        },
      },
      errors: [429],
    },
  },
});
