import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { AppError } from '../../shared/errors';
import { decideRange, dispositionFor, etagFor, noneMatchHits } from './file.http';
import type { StoredFile } from './file.repository';
import type { FilesService } from './files.service';

// Files are public today (see FileVisibility); a rule that hides some must make this private.
const CACHE_CONTROL = 'public, max-age=3600';

/**
 * Answers GET/HEAD for a stored file: 304 on a matching If-None-Match, 416 for a range past
 * the end, 206 for one satisfiable range, else 200; the body is streamed from GridFS and the
 * stream is destroyed if the client goes away.
 */
export async function sendStoredFile(
  service: FilesService,
  file: StoredFile,
  req: Request,
  res: Response,
): Promise<void> {
  const etag = etagFor(file.sha256);
  res.setHeader('Accept-Ranges', 'bytes');
  const decision = decideRange(req.get('range'), req.get('if-range'), etag, file.size);
  if (decision.kind === 'unsatisfiable' && !noneMatchHits(req.get('if-none-match'), etag)) {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    throw new AppError('range_not_satisfiable', { params: { size: file.size } });
  }
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', CACHE_CONTROL);
  if (noneMatchHits(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : undefined;
  const source = req.method === 'HEAD' ? undefined : await openReady(service, file, range);
  setRepresentationHeaders(res, file);
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  }
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  if (!source) {
    res.end();
    return;
  }
  await stream(source, req, res);
}

/** Opens the content and waits for its first bytes, so a failure still gets a proper error response. */
async function openReady(
  service: FilesService,
  file: StoredFile,
  range: { start: number; end: number } | undefined,
): Promise<Readable> {
  const source = service.openContent(file, range);
  try {
    await once(source, 'readable');
    return source;
  } catch (err) {
    source.destroy();
    throw err;
  }
}

function setRepresentationHeaders(res: Response, file: StoredFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', dispositionFor(file.contentType, file.filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Public media may be embedded by a front end on another origin.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  // The file's own language, not the interface locale the middleware announced.
  if (file.language) res.setHeader('Content-Language', file.language);
  else res.removeHeader('Content-Language');
}

/**
 * Pipes `source` into the response. pipeline() destroys both ends on failure, so a client that
 * disconnects mid-download closes the GridFS cursor. Once bytes have gone out an error can
 * only cut the connection, so it is logged, never rethrown.
 */
async function stream(source: Readable, req: Request, res: Response): Promise<void> {
  try {
    await pipeline(source, res);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      req.log?.debug('download ended early: the client went away');
    } else {
      req.log?.warn({ err }, 'download failed mid-stream');
    }
  }
}
