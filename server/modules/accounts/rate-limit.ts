import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { AppError } from '../../shared/errors';
import type { AuthLimiters } from './auth.routes';
import { MongoRateLimitStore } from './rate-limit.store';
import { hashSecret, normalizeEmail } from './secrets';

interface LimiterSpec {
  readonly name: string;
  readonly limit: number;
  readonly by: 'ip' | 'account';
  /** Count only failed responses (status ≥ 400): a lockout after repeated failures. */
  readonly failuresOnly?: boolean;
}

/** Account key: a hash of the normalized email, so counters never hold the address itself. */
function accountKey(req: Request): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? hashSecret(normalizeEmail(email)) : undefined;
}

function limiter(
  connection: Connection,
  windowSeconds: number,
  spec: LimiterSpec,
  clock: () => Date,
): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit: spec.limit,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: spec.failuresOnly ?? false,
    store: new MongoRateLimitStore(connection, `${spec.name}:`, clock),
    // Malformed bodies have no account to count; validation answers them with 400.
    skip: (req) => spec.by === 'account' && accountKey(req) === undefined,
    keyGenerator: (req) => (spec.by === 'ip' ? ipKeyGenerator(req.ip ?? '') : (accountKey(req) as string)),
    handler: (req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset
        ? Math.max(1, Math.ceil((reset.getTime() - clock().getTime()) / 1000))
        : windowSeconds;
      next(new AppError('rate_limited', { retryAfterSeconds: seconds }));
    },
  });
}

/**
 * The abuse limits on sign-in, registration and reset requests: per IP (generous: schools
 * share addresses behind NAT) and per account; failed logins per account lock the account
 * out for the rest of the window. Counters live in MongoDB, shared by all processes.
 */
export function createAuthLimiters(
  connection: Connection,
  limits: Config['authLimits'],
  clock: () => Date = () => new Date(),
): AuthLimiters {
  const make = (spec: LimiterSpec) => limiter(connection, limits.windowSeconds, spec, clock);
  return {
    login: [
      make({ name: 'login-ip', limit: limits.loginPerIp, by: 'ip' }),
      make({ name: 'login-account', limit: limits.failuresPerAccount, by: 'account', failuresOnly: true }),
    ],
    register: [make({ name: 'register-ip', limit: limits.registerPerIp, by: 'ip' })],
    passwordReset: [
      make({ name: 'reset-ip', limit: limits.registerPerIp, by: 'ip' }),
      make({ name: 'reset-account', limit: limits.failuresPerAccount, by: 'account' }),
    ],
  };
}
