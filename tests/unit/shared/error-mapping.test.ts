import mongoose from 'mongoose';
import { isDatabaseUnavailable, toAppError } from '../../../server/shared/error-mapping';
import { AppError } from '../../../server/shared/errors';

function named(name: string, extra: Record<string, unknown> = {}): Error {
  const e = new Error(name);
  e.name = name;
  return Object.assign(e, extra);
}

describe('toAppError', () => {
  it('keeps AppErrors as they are', () => {
    const e = new AppError('version_conflict');
    expect(toAppError(e)).toBe(e);
  });
  it.each([
    [{ type: 'entity.parse.failed' }, 'malformed_json', 400],
    [{ type: 'entity.too.large', limit: 100 }, 'payload_too_large', 413],
    [{ type: 'charset.unsupported' }, 'unsupported_media_type', 415],
    [{ type: 'encoding.unsupported' }, 'unsupported_media_type', 415],
  ])('maps body-parser error %j to %s', (props, code, status) => {
    const mapped = toAppError(Object.assign(new Error('x'), props));
    expect([mapped.code, mapped.status]).toEqual([code, status]);
  });
  it.each([
    'MongoServerSelectionError',
    'MongooseServerSelectionError',
    'MongoNetworkError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
  ])('maps %s to 503 database_unavailable with Retry-After', (name) => {
    const mapped = toAppError(named(name));
    expect(mapped.code).toBe('database_unavailable');
    expect(mapped.status).toBe(503);
    expect(mapped.retryAfterSeconds).toBeGreaterThan(0);
  });
  it('finds an outage in the cause chain', () => {
    expect(isDatabaseUnavailable(new Error('outer', { cause: named('MongoNetworkError') }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
  });
  it('finds an outage behind a bulk write error (insertMany cut by a lost connection)', () => {
    const bulk = named('MongoBulkWriteError', { errorResponse: named('MongoNetworkError'), writeErrors: [] });
    expect(toAppError(bulk).code).toBe('database_unavailable');
    expect(isDatabaseUnavailable(named('MongoBulkWriteError', { errorResponse: { code: 11000 } }))).toBe(
      false,
    );
  });
  it('maps a duplicate key to 409', () => {
    expect(toAppError(named('MongoServerError', { code: 11000 })).status).toBe(409);
  });
  it('maps a cast error to 400 invalid_id', () => {
    const cast = new mongoose.Error.CastError('ObjectId', 'nope', '_id');
    expect(toAppError(cast)).toMatchObject({ code: 'invalid_id', status: 400 });
  });
  it('maps anything else to a 500 that keeps the cause for the log', () => {
    const boom = new TypeError('boom');
    const mapped = toAppError(boom);
    expect(mapped).toMatchObject({ code: 'internal', status: 500 });
    expect(mapped.cause).toBe(boom);
  });
});
