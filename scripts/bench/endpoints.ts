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
];
