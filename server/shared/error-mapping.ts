import mongoose from 'mongoose';
import { AppError, type FieldIssue } from './errors';

/** Seconds a client is told to wait when a backing service is down. */
export const RETRY_AFTER_SECONDS = 5;

const DB_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'PoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
]);

/**
 * True when `err` (or any error in its cause chain) means the database cannot be reached. A bulk
 * write (insertMany) cut by a lost connection carries the network error in `errorResponse`, not
 * `cause` (found by the database-outage fault test: it was a 500).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const inner = (e: Error) => e.cause ?? (e as { errorResponse?: unknown }).errorResponse;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = inner(e), depth++) {
    if (DB_UNAVAILABLE.has(e.name) || DB_UNAVAILABLE.has(e.constructor.name)) return true;
    if (e.name === 'MongooseError' && /initial connection|buffering timed out/i.test(e.message)) {
      return true;
    }
  }
  return false;
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps anything thrown by middleware, services or drivers onto the error taxonomy. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const bodyError = fromBodyParser(err as BodyParserError);
  if (bodyError) return bodyError;
  if (isDatabaseUnavailable(err)) {
    return new AppError('database_unavailable', { retryAfterSeconds: RETRY_AFTER_SECONDS, cause: err });
  }
  if (err instanceof mongoose.Error.CastError) {
    return new AppError('invalid_id', { params: { field: err.path }, cause: err });
  }
  if (err instanceof mongoose.Error.ValidationError) {
    return new AppError('validation_failed', { issues: fromMongooseValidation(err), cause: err });
  }
  if (isDuplicateKey(err)) return new AppError('duplicate', { cause: err });
  return new AppError('internal', { cause: err });
}

/** True for MongoDB's E11000 duplicate key error (from a unique index). */
export function isDuplicateKey(err: unknown): boolean {
  return (
    err instanceof Error && (err as { code?: unknown }).code === 11000 && /Mongo|BulkWrite/.test(err.name)
  );
}

function fromBodyParser(err: BodyParserError): AppError | undefined {
  if (!(err instanceof Error) || typeof err.type !== 'string') return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('malformed_json', { cause: err });
    case 'entity.too.large':
      return new AppError('payload_too_large', { params: { limit: err.limit ?? 0 }, cause: err });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', {
        params: { expected: 'application/json; charset=utf-8' },
        cause: err,
      });
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError('malformed_json', { cause: err });
    default:
      return undefined;
  }
}

function fromMongooseValidation(err: mongoose.Error.ValidationError): FieldIssue[] {
  return Object.values(err.errors).map((e) => ({
    in: 'body',
    path: e.path.split('.'),
    code: e.kind === 'required' ? 'required' : 'invalid_value',
    params: {},
  }));
}
