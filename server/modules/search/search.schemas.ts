import { z } from 'zod';
import { AUDIENCES, TOPICS } from '../../shared/vocabulary';
import { SEARCH_TYPES } from './search.port';

/** Longest query accepted: longer text is not a search but a paste (or an attack). */
export const MAX_QUERY_LENGTH = 200;

const QueryText = z.string().superRefine((q, ctx) => {
  if (q.trim() === '') ctx.addIssue({ code: 'custom', params: { code: 'search_query_blank' } });
  else if (q.length > MAX_QUERY_LENGTH)
    ctx.addIssue({ code: 'custom', params: { code: 'search_query_too_long', count: MAX_QUERY_LENGTH } });
});

// Filter values are closed vocabularies or slugs, so nothing a client sends reaches an engine's
// filter syntax unchecked (quotes, OR and parentheses are rejected here, escaped there).
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);

/** GET /api/search — `lang` belongs to locale negotiation and is allowed so strict mode does not reject it. */
export const SearchQuerySchema = z.strictObject({
  q: QueryText.optional(),
  type: z.enum(SEARCH_TYPES).optional(),
  audience: z.enum(AUDIENCES).optional(),
  topic: z.enum(TOPICS).optional(),
  collection: Slug.optional(),
  page: z.coerce.number().int().min(1).max(100).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
  lang: z.string().optional(),
});
export type SearchQueryInput = z.output<typeof SearchQuerySchema>;

/** GET /api/search/suggest — as-you-type, so `q` is required and short. */
export const SuggestQuerySchema = z.strictObject({
  q: QueryText,
  limit: z.coerce.number().int().min(1).max(10).default(8),
  lang: z.string().optional(),
});
