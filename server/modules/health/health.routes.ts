import { Router } from 'express';
import { RETRY_AFTER_SECONDS } from '../../shared/error-mapping';
import { AppError } from '../../shared/errors';
import { sendData } from '../../shared/http';

export interface ReadinessProbe {
  /** Each named dependency's check; resolves true when reachable, never throws. */
  readonly checks: Readonly<Record<string, () => Promise<boolean>>>;
  /** Extra named facts shown with the checks (e.g. the search sync lag); never throw. */
  readonly details?: Readonly<Record<string, () => Promise<unknown>>>;
}

/** Details cost several queries; probes arrive often and from many balancers, so share them briefly. */
const DETAILS_TTL_MS = 5000;

/** Liveness (`/healthz`) and readiness (`/readyz`); public, no personal data. */
export function healthRouter({ checks, details = {} }: ReadinessProbe): Router {
  const router = Router();
  const cachedDetails = Object.entries(details).map(([n, fn]) => [n, sharedFor(DETAILS_TTL_MS, fn)] as const);
  router.get('/healthz', (_req, res) => {
    sendData(res, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => checks[n]?.() ?? Promise.resolve(false)));
    const status = Object.fromEntries(names.map((n, i) => [n, results[i] ? 'up' : 'down']));
    const facts = Object.fromEntries(
      await Promise.all(cachedDetails.map(async ([n, fn]) => [n, await fn()] as const)),
    );
    const down = names.filter((_, i) => !results[i]);
    if (down.length > 0) {
      throw new AppError('not_ready', {
        params: { services: down.join(', ') },
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        extensions: { checks: status, ...facts },
      });
    }
    res.setHeader('Cache-Control', 'no-store');
    sendData(res, { status: 'ready', checks: status, ...facts });
  });
  return router;
}

/** Wraps `fn` so that callers within `ttlMs` of one call share its result (and its promise while pending). */
export function sharedFor<T>(ttlMs: number, fn: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > ttlMs) last = { at: now, value: fn() };
    return last.value;
  };
}
