import type { Request, RequestHandler } from 'express';
import { AppError } from './errors';

/** Platform roles. Every signed-in user is at least a learner. */
export const ROLES = ['learner', 'author', 'reviewer', 'moderator', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: set on `req.actor` by the accounts module's authentication middleware. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
  /** How the request was authenticated. */
  readonly via: 'session' | 'token';
  /** For API tokens: the scopes granted; sessions carry none (all the user's roles apply). */
  readonly scopes?: readonly string[];
  /** The user's preferred language, used in locale negotiation after `?lang=`. */
  readonly preferredLanguage?: string;
}

declare global {
  namespace Express {
    interface Request {
      /** The authenticated actor, if any. */
      actor?: Actor;
    }
  }
}

/** The request's actor, or a 401 unauthenticated error. */
export function requireActor(req: Request): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}

/** True when `actor` holds any of `roles` (admins hold every role). */
export function hasRole(actor: Actor | undefined, ...roles: readonly Role[]): boolean {
  return !!actor && (actor.roles.includes('admin') || roles.some((r) => actor.roles.includes(r)));
}

/** Route guard: 401 without an actor, 403 without one of `roles`. */
export function authorize(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = requireActor(req);
    if (roles.length > 0 && !hasRole(actor, ...roles)) throw new AppError('forbidden');
    next();
  };
}
