import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { requireActor } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import { isLanguageTag } from '../../shared/i18n';
import type { StoredFile } from './file.repository';
import type { FilesService } from './files.service';

/** The multipart field that carries the file; `language` may precede it. */
export const FILE_FIELD = 'file';

/** What the storage engine hands back to multer for `req.file`. */
interface StoredPart {
  stored: StoredFile;
}

/**
 * A multer StorageEngine that passes the part's stream straight to the files service, which
 * sniffs, limits, hashes and writes it into GridFS; nothing is buffered beyond the sniff window.
 */
function gridFsStorage(service: FilesService): multer.StorageEngine {
  return {
    _handleFile(req, file, callback) {
      const store = async () => {
        const language = languageField(req);
        const stored = await service.upload({
          source: file.stream,
          claimedType: file.mimetype,
          filename: file.originalname,
          uploaderId: requireActor(req).userId,
          language,
        });
        const info: StoredPart = { stored };
        return info as Partial<Express.Multer.File>;
      };
      store().then((info) => callback(null, info), callback);
    },
    _removeFile(_req, file, callback) {
      const { stored } = file as Express.Multer.File & Partial<StoredPart>;
      if (!stored) return callback(null);
      service.discard(stored.id).then(() => callback(null), callback);
    },
  };
}

/**
 * POST body parsing: one `file` part (plus an optional `language` field sent before it).
 * Sets `req.file`; maps multer's and busboy's failures onto the error taxonomy, and stays
 * quiet when the client went away mid-upload (there is nobody to answer).
 */
export function uploadMiddleware(service: FilesService): RequestHandler {
  const parse = multer({
    storage: gridFsStorage(service),
    // Browsers send raw UTF-8 in filename="…"; busboy would read it as latin1 by default.
    defParamCharset: 'utf8',
    limits: { files: 1, fields: 4, parts: 5, fieldNameSize: 64, fieldSize: 256 },
  }).single(FILE_FIELD);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      throw new AppError('unsupported_media_type', { params: { expected: 'multipart/form-data' } });
    }
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      // req.destroyed alone is no sign: a fully read request is auto-destroyed; the socket tells.
      if (req.socket.destroyed || res.destroyed) {
        req.log?.info(
          { reason: err instanceof Error ? err.message : String(err) },
          'upload aborted by client',
        );
        return;
      }
      next(toUploadError(err));
    });
  };
}

/**
 * The stored file of a parsed upload, or a validation error naming the missing field. A
 * `language` field after the file part arrived too late to be stored with it: the file is
 * removed and the request refused, rather than silently dropping the field.
 */
export async function uploadedFile(req: Request, service: FilesService): Promise<StoredFile> {
  const stored = (req.file as (Express.Multer.File & Partial<StoredPart>) | undefined)?.stored;
  if (!stored) throw fieldError(FILE_FIELD, 'required');
  let sent: string | undefined;
  try {
    sent = languageField(req);
  } catch (err) {
    await service.discard(stored.id);
    throw err;
  }
  if (sent !== (stored.language ?? undefined)) {
    await service.discard(stored.id);
    throw fieldError('language', 'field_after_file');
  }
  return stored;
}

/** The canonical `language` form field, if one was sent; a validation error if malformed. */
function languageField(req: Request): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.language;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isLanguageTag(value))
    throw fieldError('language', 'invalid_language_tag');
  return Intl.getCanonicalLocales(value)[0];
}

function fieldError(field: string, code: string): AppError {
  const issue: FieldIssue = { in: 'body', path: [field], code, params: {} };
  return new AppError('validation_failed', { issues: [issue] });
}

const MULTER_ISSUES: Readonly<Record<string, string>> = {
  LIMIT_FILE_COUNT: 'too_many_files',
  LIMIT_UNEXPECTED_FILE: 'unexpected_file',
  LIMIT_PART_COUNT: 'too_many_parts',
  LIMIT_FIELD_COUNT: 'too_many_parts',
  LIMIT_FIELD_KEY: 'field_too_long',
  LIMIT_FIELD_VALUE: 'field_too_long',
};

function toUploadError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    const issue: FieldIssue = {
      in: 'body',
      path: [err.field ?? FILE_FIELD],
      code: MULTER_ISSUES[err.code] ?? 'invalid',
      params: {},
    };
    return new AppError('validation_failed', { issues: [issue], cause: err });
  }
  // busboy reports truncated or malformed bodies with plain Errors (driver errors are subclasses).
  if (err instanceof Error && err.constructor === Error) {
    return new AppError('malformed_multipart', { cause: err });
  }
  return err;
}
