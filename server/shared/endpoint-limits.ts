import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { MongoRateLimitStore } from '../modules/accounts/rate-limit.store';
import { AppError } from './errors';

/** Rate limits on the endpoints that cost the most per request (docs/security.md). */
export interface EndpointLimits {
  /** GET /api/search and /api/search/suggest, per IP. */
  readonly search: RequestHandler;
  /** Statistics and personal-data exports, per account. */
  readonly exports: RequestHandler;
  /** File uploads (POST only), per account. */
  readonly uploads: RequestHandler;
}

interface LimitSpec {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly key: (req: Request) => string;
  readonly store?: Store;
}

const HOUR = 3600;
const passThrough: RequestHandler = (_req, _res, next) => next();

const byIp = (req: Request) => ipKeyGenerator(req.ip ?? '');
// These endpoints need a signed-in actor (the policy table runs first); the IP is a fallback only.
const byAccount = (req: Request) => (req.actor ? `user:${req.actor.userId}` : `ip:${byIp(req)}`);

function limiter(spec: LimitSpec, clock: () => Date): RequestHandler {
  if (spec.limit === 0) return passThrough;
  return rateLimit({
    windowMs: spec.windowSeconds * 1000,
    limit: spec.limit,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: spec.key,
    ...(spec.store ? { store: spec.store } : {}),
    handler: (req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset
        ? Math.max(1, Math.ceil((reset.getTime() - clock().getTime()) / 1000))
        : spec.windowSeconds;
      next(new AppError('rate_limited', { retryAfterSeconds: seconds }));
    },
  });
}

/**
 * Builds the limits from config (0 turns one off). Search is counted in process memory: it is
 * cheap per request and frequent, so a database write per search would cost more than the
 * search; with N processes a client gets up to N × the limit. Exports and uploads are rare and
 * heavy: counted in MongoDB (shared by every process), like the sign-in limits.
 */
export function createEndpointLimits(
  connection: Connection,
  limits: Config['rateLimits'],
  clock: () => Date = () => new Date(),
): EndpointLimits {
  const uploads = limiter(
    {
      limit: limits.uploadsPerHour,
      windowSeconds: HOUR,
      key: byAccount,
      store: new MongoRateLimitStore(connection, 'upload:', clock),
    },
    clock,
  );
  return {
    search: limiter({ limit: limits.searchPerMinute, windowSeconds: 60, key: byIp }, clock),
    exports: limiter(
      {
        limit: limits.exportsPerHour,
        windowSeconds: HOUR,
        key: byAccount,
        store: new MongoRateLimitStore(connection, 'export:', clock),
      },
      clock,
    ),
    uploads: (req, res, next) => (req.method === 'POST' ? uploads(req, res, next) : next()),
  };
}
