import type { RequestHandler } from 'express';
import { AppError } from './errors';

/**
 * Refuses request targets (path + query string) longer than `maxLength` with 414, before any
 * parsing or routing spends work on them. Node's own 16 KiB header limit still applies (431).
 */
export function urlLengthLimit(maxLength: number): RequestHandler {
  return (req, _res, next) => {
    if (req.originalUrl.length > maxLength)
      throw new AppError('uri_too_long', { params: { max: maxLength } });
    next();
  };
}
