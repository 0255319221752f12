import type { Express } from 'express';
import type { PolicyTable, RoutePolicy } from '../shared/policy';
import type { RequestShape } from '../shared/validate';
import { type JsonSchema, SchemaConverter } from './json-schema';
import { ERROR_DESCRIPTIONS, NOT_FOUND_EXAMPLES, Problem } from './problem.schema';
import type { ErrorStatus, ModuleDocs, RouteDoc, SuccessDoc } from './registry';
import { type RegisteredRoute, registeredRoutes } from './route-walk';

export interface GeneratedSpec {
  readonly document: JsonSchema;
  /** `METHOD /path` of routes found in the app without a RouteDoc (the coverage test lists them). */
  readonly undocumented: readonly string[];
  /** Keys of RouteDocs that match no route (stale docs). */
  readonly stale: readonly string[];
}

export interface GenerateOptions {
  readonly version: string;
  readonly modules: readonly ModuleDocs[];
  readonly policies: PolicyTable;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const AUTHENTICATED = [{ sessionCookie: [] }, { bearerToken: [] }];

/** `/api/courses/:slug` → `/api/courses/{slug}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

/** Builds the OpenAPI 3.1 document of every route registered on `app`, from the request shapes and the docs. */
export function generateOpenApi(app: Express, options: GenerateOptions): GeneratedSpec {
  const converter = new SchemaConverter();
  const index = new Map<string, { doc: RouteDoc; tag: string }>();
  for (const mod of options.modules) {
    for (const [key, doc] of Object.entries(mod.routes)) index.set(key, { doc, tag: mod.tag });
  }
  const paths: Record<string, Record<string, unknown>> = {};
  const undocumented: string[] = [];
  const seen = new Set<string>();
  for (const route of registeredRoutes(app)) {
    const key = `${route.method} ${route.path}`;
    const entry = index.get(key);
    if (!entry || !(route.shape ?? entry.doc.request)) {
      undocumented.push(key);
      continue;
    }
    seen.add(key);
    const policy = options.policies.forPattern(route.method, route.path);
    const op = operation(route, entry.doc, entry.tag, policy, converter);
    paths[toOpenApiPath(route.path)] = {
      ...paths[toOpenApiPath(route.path)],
      [route.method.toLowerCase()]: op,
    };
  }
  converter.convert(Problem, 'output');
  const document = {
    openapi: '3.1.1',
    info: INFO(options.version),
    servers: [{ url: '/' }],
    tags: options.modules.map((m) => ({ name: m.tag, description: m.description })),
    paths,
    components: {
      schemas: converter.components,
      responses: errorResponses(),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
  return {
    document,
    undocumented,
    stale: [...index.keys()].filter((k) => !seen.has(k) && !undocumented.includes(k)),
  };
}

function operation(
  route: RegisteredRoute,
  doc: RouteDoc,
  tag: string,
  policy: RoutePolicy | undefined,
  converter: SchemaConverter,
): Record<string, unknown> {
  const shape: RequestShape = route.shape ?? doc.request ?? {};
  const access = policy?.access ?? 'public';
  const roles = Array.isArray(access) ? ` Roles: ${access.join(', ')} (admins always).` : '';
  return {
    operationId: doc.id,
    summary: doc.summary,
    ...(doc.description || roles ? { description: `${doc.description ?? ''}${roles}`.trim() } : {}),
    tags: [tag],
    ...(access === 'public' ? {} : { security: AUTHENTICATED }),
    ...(access === 'public' || access === 'authenticated' ? {} : { 'x-roles': access }),
    parameters: parameters(route.path, shape, converter),
    ...requestBody(route.method, shape, doc, converter),
    responses: { ...successResponses(doc, converter), ...errorRefs(route, shape, doc, access) },
  };
}

function parameters(path: string, shape: RequestShape, converter: SchemaConverter): unknown[] {
  const out: unknown[] = [];
  const add = (where: 'path' | 'query' | 'header', schema: RequestShape['params']) => {
    if (!schema) return;
    const json = converter.convert(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      const { description, ...rest } = s;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  add('path', shape.params);
  // Path parameters without a params schema are still parameters (plain strings).
  for (const [, name] of path.matchAll(/:([A-Za-z_]\w*)/g)) {
    if (!out.some((p) => (p as { name: string }).name === name))
      out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  add('query', shape.query);
  add('header', shape.headers);
  return out;
}

function requestBody(method: string, shape: RequestShape, doc: RouteDoc, converter: SchemaConverter) {
  if (doc.body) {
    const content = { [doc.body.mediaType]: { schema: converter.convert(doc.body.schema, 'input') } };
    return {
      requestBody: {
        required: true,
        content,
        ...(doc.body.description ? { description: doc.body.description } : {}),
      },
    };
  }
  if (!shape.body || !BODY_METHODS.has(method)) return {};
  const examples = doc.requestExamples ? { examples: doc.requestExamples } : {};
  return {
    requestBody: {
      required: !shape.body.safeParse(undefined).success,
      content: { 'application/json': { schema: converter.convert(shape.body, 'input'), ...examples } },
    },
  };
}

function successResponses(doc: RouteDoc, converter: SchemaConverter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, success] of Object.entries(doc.responses) as [string, SuccessDoc][]) {
    const content: Record<string, unknown> = {};
    if (success.schema) {
      content['application/json'] = {
        schema: converter.convert(success.schema, 'output'),
        ...(success.examples ? { examples: success.examples } : {}),
      };
    }
    for (const [media, body] of Object.entries(success.media ?? {})) {
      content[media] = body.schema ? { schema: converter.convert(body.schema, 'output') } : {};
    }
    const headers = Object.fromEntries(
      Object.entries(success.headers ?? {}).map(([n, d]) => [
        n,
        { description: d, schema: { type: 'string' } },
      ]),
    );
    out[status] = {
      description: success.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(content).length ? { content } : {}),
    };
  }
  return out;
}

/** The error statuses a route can answer, derived from its shape, path and policy plus its own list. */
export function errorStatuses(
  route: { method: string; path: string },
  shape: RequestShape,
  doc: Pick<RouteDoc, 'errors' | 'body'>,
  access: RoutePolicy['access'],
): ErrorStatus[] {
  // 400 always: the locale middleware refuses a malformed `?lang=` on every route.
  const set = new Set<ErrorStatus>([...(doc.errors ?? []), 400]);
  if ((shape.body || doc.body) && BODY_METHODS.has(route.method)) set.add(413).add(415);
  if (access !== 'public') set.add(401).add(403);
  if (route.path.includes('/:')) set.add(404);
  set.add(414).add(503);
  return [...set].sort();
}

function errorRefs(
  route: RegisteredRoute,
  shape: RequestShape,
  doc: RouteDoc,
  access: RoutePolicy['access'],
) {
  const refs: Record<string, unknown> = {};
  for (const status of errorStatuses(route, shape, doc, access)) {
    refs[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  refs.default = { $ref: '#/components/responses/Problem500' };
  return refs;
}

function errorResponses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => {
      const retry = status === '429' || status === '503';
      const media = {
        schema: { $ref: '#/components/schemas/Problem' },
        ...(status === '404' ? { examples: NOT_FOUND_EXAMPLES } : {}),
      };
      return [
        `Problem${status}`,
        {
          description,
          ...(retry
            ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'string' } } } }
            : {}),
          content: { 'application/problem+json': media },
        },
      ];
    }),
  );
}

const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'lh.sid',
    description:
      'Browser session from POST /api/auth/login (or OIDC). Unsafe methods must echo the session CSRF token in X-CSRF-Token.',
  },
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'Personal access token from POST /api/me/tokens: `Authorization: Bearer <token>`. No CSRF token needed.',
  },
};

const INFO = (version: string) => ({
  title: 'learning-hub API',
  version,
  summary: 'Multilingual learning platform: catalog, enrolment, credentials, forum, outreach statistics',
  description:
    'Success bodies are `{ data, pagination? }`; errors are `application/problem+json` (RFC 9457), localized by `Accept-Language` (en, ar, ru, zh …). Content carries `lang`, `fallback` and `dir`. See docs/api-contract.md.',
  license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
});
