/** One measured endpoint of `npm run bench`. Modules add theirs to ENDPOINTS. */
export interface BenchEndpoint {
  readonly name: string;
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export const ENDPOINTS: readonly BenchEndpoint[] = [
  { name: 'GET /healthz', path: '/healthz' },
  { name: 'GET /readyz (database ping)', path: '/readyz' },
  { name: 'GET /api/collections (database read, en)', path: '/api/collections' },
  {
    name: 'GET /api/collections (database read, ar)',
    path: '/api/collections',
    headers: { 'accept-language': 'ar' },
  },
  // Catalog: public pages are served from the in-process cache (cleared on every catalog write).
  {
    name: 'GET /api/courses/:slug (localized course page, ar)',
    path: '/api/courses/ict-in-greening-tvet',
    headers: { 'accept-language': 'ar' },
  },
  {
    name: 'GET /api/courses?topic&sort=title (filtered list, ru)',
    path: '/api/courses?topic=ai-in-education&sort=title&pageSize=10',
    headers: { 'accept-language': 'ru' },
  },
  // Search: the embedded engine over the seeded catalog (scripts/bench/search.ts: 50,000 documents).
  {
    name: 'GET /api/search?q (full-text with facets and highlights, ru)',
    path: `/api/search?q=${encodeURIComponent('инклюзивное образование')}`,
    headers: { 'accept-language': 'ru' },
  },
  {
    name: 'GET /api/search/suggest?q (as-you-type, ar)',
    path: `/api/search/suggest?q=${encodeURIComponent('الذكاء الاصط')}`,
    headers: { 'accept-language': 'ar' },
  },
];
