import { z } from 'zod';
import type { RequestShape } from '../shared/validate';

/** Error statuses a route may document beyond those derived from its shape and policy. */
export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 409
  | 410
  | 413
  | 414
  | 415
  | 416
  | 422
  | 429
  | 502
  | 503;

/** A named example of a body, e.g. the same course in Arabic, Russian and Chinese. */
export interface NamedExample {
  readonly summary: string;
  readonly value: unknown;
}

/** One documented success response. `schema` is the whole JSON body (use `data()` / `paged()`). */
export interface SuccessDoc {
  readonly description: string;
  /** The application/json body; omit for bodies of other media types or no body (204, 302). */
  readonly schema?: z.ZodType;
  /** Other media types (CSV, PDF, HTML, file bytes …); the value describes the body, if it can. */
  readonly media?: Readonly<Record<string, { readonly schema?: z.ZodType }>>;
  /** Response headers worth knowing: name → description. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly examples?: Readonly<Record<string, NamedExample>>;
}

/** The documentation of one route, keyed by `METHOD /express/path` in a module's docs. */
export interface RouteDoc {
  /** operationId: unique, camelCase, stable (clients generate method names from it). */
  readonly id: string;
  readonly summary: string;
  readonly description?: string;
  /** Success responses by status. */
  readonly responses: Readonly<Record<number, SuccessDoc>>;
  /**
   * Error statuses besides the derived ones (400 always, 401/403 from the
   * policy table, 404 when the path has parameters, 413/415 for JSON bodies, 503 always).
   */
  readonly errors?: readonly ErrorStatus[];
  /** The request shape of a route that does not go through `handle()` (e.g. no input at all: `{}`). */
  readonly request?: RequestShape;
  /** A request body that is not JSON (multipart uploads …): media type → schema. */
  readonly body?: { readonly mediaType: string; readonly schema: z.ZodType; readonly description?: string };
  /** Request body examples (JSON), by name. */
  readonly requestExamples?: Readonly<Record<string, NamedExample>>;
}

/** A module's routes and their tag in the reference. */
export interface ModuleDocs {
  readonly tag: string;
  readonly description: string;
  readonly routes: Readonly<Record<string, RouteDoc>>;
}

/** `{ data: schema }`: the body of every JSON success response. */
export function data<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema });
}

export const Pagination = z
  .object({
    page: z.int().min(1).optional(),
    pageSize: z.int().min(1).optional(),
    total: z.int().min(0).optional(),
    nextCursor: z.string().nullable().optional(),
  })
  .meta({ id: 'Pagination' });

/** `{ data: schema, pagination }`: the body of a list response. */
export function paged<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema, pagination: Pagination });
}

/** Declares a module's docs (typed helper, so route keys and docs are checked at compile time). */
export function moduleDocs(docs: ModuleDocs): ModuleDocs {
  return docs;
}
