import type { RequestHandler } from 'express';
import { hasRole, type Role, requireActor } from './auth';
import { AppError } from './errors';

/** Who may call a route: anyone, any signed-in user, or holders of one of the roles (admins always). */
export type Access = 'public' | 'authenticated' | readonly Role[];
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One row of the policy table: a route (Express path syntax, full path) and who may call it. */
export interface RoutePolicy {
  readonly method: HttpMethod;
  /** Full path as registered, e.g. `/api/users/:id/roles`; `*rest` matches the remainder. */
  readonly path: string;
  readonly access: Access;
}

/** Shorthand for declaring a row: `route('PATCH', '/api/users/:id/roles', ['admin'])`. */
export function route(method: HttpMethod, path: string, access: Access): RoutePolicy {
  return { method, path, access };
}

/** Normalizes a path or pattern: no trailing slash (except `/`), no empty segments. */
export function normalizePath(path: string): string {
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

/** True when the request path's segments fit the pattern's (`:param` one segment, `*rest` the remainder). */
function matches(want: readonly string[], have: readonly string[]): boolean {
  for (let i = 0; i < want.length; i++) {
    const seg = want[i] as string;
    if (seg.startsWith('*')) return have.length > i;
    const got = have[i];
    if (got === undefined) return false;
    if (seg.startsWith(':')) {
      if (got === '') return false;
    } else if (seg !== got) return false;
  }
  return want.length === have.length;
}

/** The table: checks there is one row per route and finds the row for a request. */
export class PolicyTable {
  readonly rows: readonly RoutePolicy[];
  /** Rows per method with their patterns split once: this runs on every request. */
  private readonly byMethod = new Map<string, { row: RoutePolicy; segments: readonly string[] }[]>();

  constructor(rows: readonly RoutePolicy[]) {
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.method} ${normalizePath(row.path)}`;
      if (seen.has(key)) throw new Error(`policy table: duplicate row for ${key}`);
      seen.add(key);
    }
    // Literal segments before parameters, so `/api/me/tokens` wins over `/api/me/:x`.
    this.rows = [...rows].sort((a, b) => specificity(b.path) - specificity(a.path));
    for (const row of this.rows) {
      const list = this.byMethod.get(row.method) ?? [];
      list.push({ row, segments: normalizePath(row.path).split('/') });
      this.byMethod.set(row.method, list);
    }
  }

  /** The row for `method path` (HEAD is GET), or undefined. */
  find(method: string, path: string): RoutePolicy | undefined {
    const have = normalizePath(path).split('/');
    return this.byMethod.get(method === 'HEAD' ? 'GET' : method)?.find((r) => matches(r.segments, have))?.row;
  }

  /** The row declared for exactly this pattern (used by the authorization-matrix test). */
  forPattern(method: string, pattern: string): RoutePolicy | undefined {
    const p = normalizePath(pattern);
    return this.rows.find((r) => r.method === method && normalizePath(r.path) === p);
  }
}

function specificity(path: string): number {
  return normalizePath(path)
    .split('/')
    .reduce((score, seg) => score * 3 + (seg.startsWith('*') ? 0 : seg.startsWith(':') ? 1 : 2), 1);
}

/** True when `access` lets this actor (or anonymous, when undefined) through. */
export function isAllowed(access: Access, actor: { roles: readonly Role[] } | undefined): boolean {
  if (access === 'public') return true;
  if (!actor) return false;
  return access === 'authenticated' || hasRole(actor as never, ...access);
}

/**
 * The one authorization middleware: looks the request up in the policy table; 401 without an
 * actor, 403 without a listed role. Unlisted paths fall through to the 404 handler; the
 * authorization-matrix test makes sure every registered route has a row.
 */
export function enforcePolicies(table: PolicyTable): RequestHandler {
  return (req, _res, next) => {
    const row = table.find(req.method, req.path);
    if (!row || row.access === 'public') return next();
    const actor = requireActor(req);
    if (!isAllowed(row.access, actor)) throw new AppError('forbidden');
    next();
  };
}
