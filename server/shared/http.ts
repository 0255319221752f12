import type { Response } from 'express';

/** Pagination block of a list response. */
export interface Pagination {
  readonly page?: number;
  readonly pageSize?: number;
  readonly total?: number;
  readonly nextCursor?: string | null;
}

/** Sends a success body `{ data, pagination? }`; the only shape a 2xx JSON response takes. */
export function sendData(
  res: Response,
  data: unknown,
  options: { status?: number; pagination?: Pagination } = {},
): void {
  res
    .status(options.status ?? 200)
    .json(options.pagination ? { data, pagination: options.pagination } : { data });
}

/** Sends an already serialized JSON body with its ETag (a page cache hit: no encoding, no hashing). */
export function sendSerialized(
  res: Response,
  cached: { readonly body: Buffer; readonly etag: string },
): void {
  res.status(200).type('application/json').setHeader('ETag', cached.etag);
  res.send(cached.body);
}
