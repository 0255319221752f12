import cors from 'cors';
import type { RequestHandler } from 'express';

/** Request headers a browser front end on another origin may send. */
const ALLOWED_HEADERS = [
  'Accept-Language',
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-None-Match',
  'Range',
  'X-CSRF-Token',
  'X-Request-Id',
];

/** Response headers such a front end may read (besides the CORS-safelisted ones). */
const EXPOSED_HEADERS = ['Content-Disposition', 'ETag', 'Location', 'Retry-After', 'X-Request-Id'];

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins listed in CORS_ORIGINS only: those get `Access-Control-Allow-Origin`
 * (their own origin, never `*`) with credentials, and preflights answered with 204. Any other
 * origin gets no CORS headers, so browsers keep it from reading responses; same-origin and
 * non-browser clients are unaffected.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // The answer depends on Origin for listed and unlisted origins alike: caches must key on it.
    if (allowed.size > 0 && req.headers.origin !== undefined) res.vary('Origin');
    handler(req, res, next);
  };
}
