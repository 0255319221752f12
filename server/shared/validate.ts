import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError, type FieldIssue } from './errors';

/** The parts of a request a route declares schemas for. */
export interface RequestShape {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodType;
}

/** The parsed input a handler receives: one typed value per declared part. */
export type Parsed<S extends RequestShape> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

type Part = keyof RequestShape;
const PARTS: readonly Part[] = ['params', 'query', 'headers', 'body'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Where `handle` leaves a route's request shape, so the OpenAPI generator finds it (server/openapi). */
export const REQUEST_SHAPE = Symbol.for('learning-hub.requestShape');

/**
 * Validates the declared parts of a request once, at the edge, and calls `fn` with the typed
 * result. Every issue in every part is reported together in one validation_failed error.
 */
export function handle<S extends RequestShape>(
  shape: S,
  fn: (input: Parsed<S>, req: Request, res: Response) => unknown,
): RequestHandler {
  const handler: RequestHandler = async (req, res) => {
    if (shape.body && BODY_METHODS.has(req.method) && !req.is('application/json')) {
      throw new AppError('unsupported_media_type', { params: { expected: 'application/json' } });
    }
    const input: Record<string, unknown> = {};
    const issues: FieldIssue[] = [];
    for (const part of PARTS) {
      const schema = shape[part];
      if (!schema) continue;
      const result = await schema.safeParseAsync(req[part] ?? (part === 'body' ? undefined : {}), {
        reportInput: true,
      });
      if (result.success) input[part] = result.data;
      else issues.push(...result.error.issues.map((i) => toFieldIssue(part, i)));
    }
    if (issues.length > 0) throw new AppError('validation_failed', { issues });
    await fn(input as Parsed<S>, req, res);
  };
  return Object.assign(handler, { [REQUEST_SHAPE]: shape });
}

/** Turns one zod issue into our FieldIssue: a stable code and message parameters. */
export function toFieldIssue(part: Part, issue: z.core.$ZodIssue): FieldIssue {
  const params: Record<string, unknown> = {};
  let code: string = issue.code;
  switch (issue.code) {
    case 'invalid_type':
      params.expected = issue.expected;
      if (issue.input === undefined) code = 'required';
      break;
    case 'too_small':
    case 'too_big':
      params.origin = issue.origin;
      params.count = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      code = `${issue.code}_${issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'number'}`;
      break;
    case 'invalid_format':
      params.format = issue.format;
      break;
    case 'invalid_value':
      params.values = issue.values.map(String).join(', ');
      break;
    case 'unrecognized_keys':
      params.keys = issue.keys.join(', ');
      params.count = issue.keys.length;
      break;
    case 'custom':
      if (typeof issue.params?.code === 'string') code = issue.params.code;
      Object.assign(params, issue.params ?? {});
      break;
    default:
      break;
  }
  return { in: part, path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), code, params };
}
