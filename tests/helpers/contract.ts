import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express, Request, RequestHandler, Response } from 'express';
import { buildSpec } from '../../server/openapi/openapi.routes';

type Json = Record<string, unknown>;
interface Operation {
  readonly key: string;
  readonly segments: readonly string[];
  readonly responses: Json;
}

/** Media type without parameters: `text/csv; charset=utf-8` → `text/csv`. */
const mediaOf = (contentType: unknown) =>
  String(contentType ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? '';
const isJson = (media: string) => media === 'application/json' || media.endsWith('+json');

/**
 * Checks every response of an app against its own OpenAPI document: the status must be
 * documented for the operation, the media type listed, and JSON bodies must validate (ajv,
 * draft 2020-12). Violations are collected; the test context's close() fails on any.
 */
export class ResponseContract {
  readonly violations: string[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly document: Json;
  private readonly operations = new Map<string, Operation[]>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(app: Express) {
    addFormats(this.ajv);
    this.document = (app.locals.openapi as Json | undefined) ?? buildSpec(app).document;
    const components = (this.document.components ?? {}) as Json;
    this.ajv.addSchema({
      $id: 'https://learning-hub.invalid/openapi.json',
      components: { schemas: components.schemas },
    });
    for (const [path, item] of Object.entries(this.document.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item)) {
        const list = this.operations.get(method.toUpperCase()) ?? [];
        list.push({
          key: `${method.toUpperCase()} ${path}`,
          segments: path.split('/'),
          responses: (op as Json).responses as Json,
        });
        this.operations.set(method.toUpperCase(), list);
      }
    }
    for (const list of this.operations.values())
      list.sort((a, b) => specificity(b.segments) - specificity(a.segments));
  }

  /** Puts the checking middleware first in `app`'s stack (it wraps res.send and watches 'finish'). */
  install(app: Express): void {
    app.use(this.middleware());
    const stack = (app as unknown as { router: { stack: unknown[] } }).router.stack;
    stack.unshift(stack.pop());
  }

  private middleware(): RequestHandler {
    return (req, res, next) => {
      const op = this.find(req);
      if (!op) return next();
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        if (typeof body === 'string' || Buffer.isBuffer(body)) this.checkBody(op, req, res, body);
        return send(body);
      };
      res.on('finish', () => this.checkStatus(op, req, res));
      next();
    };
  }

  private find(req: Request): Operation | undefined {
    if (req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
    const have = (req.originalUrl.split('?')[0] ?? '').split('/');
    return this.operations.get(req.method)?.find((op) => matches(op.segments, have));
  }

  private response(op: Operation, status: number): Json | undefined {
    const entry = (op.responses[String(status)] ?? (status >= 500 ? op.responses.default : undefined)) as
      | Json
      | undefined;
    if (!entry || typeof entry.$ref !== 'string') return entry;
    const name = entry.$ref.split('/').pop() as string;
    return ((this.document.components as Json).responses as Json)[name] as Json;
  }

  private checkStatus(op: Operation, req: Request, res: Response): void {
    const response = this.response(op, res.statusCode);
    const where = `${req.method} ${req.originalUrl} → ${res.statusCode} (${op.key})`;
    if (!response) {
      this.violations.push(`${where}: status not documented`);
      return;
    }
    const media = mediaOf(res.getHeader('content-type'));
    const content = response.content as Json | undefined;
    if (media && content && !documentedMedia(content, media))
      this.violations.push(`${where}: media type ${media} not documented`);
  }

  private checkBody(op: Operation, req: Request, res: Response, body: string | Buffer): void {
    const media = mediaOf(res.getHeader('content-type'));
    const schema = (
      (this.response(op, res.statusCode)?.content as Json | undefined)?.[media] as Json | undefined
    )?.schema;
    if (!isJson(media) || !schema) return; // undocumented status/media is reported on 'finish'
    const key = `${op.key} ${res.statusCode} ${media}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll(
          '"#/components/',
          '"https://learning-hub.invalid/openapi.json#/components/',
        ),
      );
      validate = this.ajv.compile(rewritten);
      this.validators.set(key, validate);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString());
    } catch {
      this.violations.push(`${req.method} ${req.originalUrl} → ${res.statusCode}: body is not JSON`);
      return;
    }
    if (!validate(parsed)) {
      const issues = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      this.violations.push(
        `${req.method} ${req.originalUrl} → ${res.statusCode} (${op.key}): ${issues.join('; ')}`,
      );
    }
  }

  /** Throws listing every violation seen (called by the test context's close()). */
  assertClean(): void {
    if (this.violations.length === 0) return;
    const unique = [...new Set(this.violations)];
    throw new Error(
      `Responses that break the OpenAPI contract (${unique.length}):\n  ${unique.join('\n  ')}`,
    );
  }
}

// A media type is documented by itself, by its type wildcard or by the any-type wildcard (file downloads).
function documentedMedia(content: Json, media: string): boolean {
  return media in content || `${media.split('/')[0]}/*` in content || '*/*' in content;
}

function matches(want: readonly string[], have: readonly string[]): boolean {
  if (want.length !== have.length) return false;
  return want.every((seg, i) => (seg.startsWith('{') ? (have[i] ?? '') !== '' : seg === have[i]));
}

function specificity(segments: readonly string[]): number {
  return segments.reduce((score, seg) => score * 3 + (seg.startsWith('{') ? 1 : 2), 1);
}
