import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Actor, hasRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { sanitizeFilename } from './file.names';
import type { FileRepository, StoredFile, UploadSink } from './file.repository';
import { type FileKind, resolveType, SNIFF_BYTES, type SniffedType } from './file.sniff';

/** Per-kind size limits; `maxBytes` caps every kind. */
export interface UploadLimits {
  readonly maxBytes: number;
  readonly kindMaxBytes: Readonly<Record<FileKind, number>>;
}

export interface UploadInput {
  /** The file's bytes; consumed once, never buffered whole; on failure left to its owner. */
  readonly source: AsyncIterable<Buffer>;
  /** The type the client claimed (part Content-Type); checked against the content. */
  readonly claimedType?: string | undefined;
  readonly filename?: string | undefined;
  readonly uploaderId: string;
  /** A canonical BCP 47 tag, already validated. */
  readonly language?: string | undefined;
}

/** Why a file reference is not usable, as a validation issue code with its parameters. */
export type FileCheck =
  | { readonly ok: true; readonly file: StoredFile }
  | {
      readonly ok: false;
      readonly code: 'invalid_file_id' | 'file_not_found' | 'file_kind_mismatch';
      readonly params: Readonly<Record<string, string>>;
    };

export interface FilesService {
  /** Sniffs, size-checks, hashes and streams an upload into GridFS; on any failure stores nothing. */
  upload(input: UploadInput): Promise<StoredFile>;
  /** The file's description if `actor` (undefined: anonymous) may read it, else file_not_found. */
  get(id: string, actor?: Actor): Promise<StoredFile>;
  /** Streams the file's bytes (an inclusive range, or all); counted until the stream closes. */
  openContent(file: StoredFile, range?: { start: number; end: number }): Readable;
  /** Deletes a file: its uploader, staff or admin only. */
  remove(actor: Actor, id: string): Promise<void>;
  /** Deletes a just-stored upload whose request then failed (the request's own file). */
  discard(id: string): Promise<void>;
  /** For other modules: does `id` name a stored file of one of `kinds`? Never throws for bad input. */
  checkFile(id: string, kinds: readonly FileKind[]): Promise<FileCheck>;
  /**
   * Removes chunks left by uploads that died with their process (a crash is the one failure no
   * request can clean up). Looks at uploads started one to seven days ago; runs by itself after
   * an upload at most once an hour per process. Returns how many files' chunks went.
   */
  sweepOrphans(now?: Date): Promise<number>;
  /** Uploads and downloads in flight (for metrics, and for tests that check nothing leaks). */
  stats(): { activeUploads: number; activeDownloads: number };
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const MiB = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Decides whether someone may read a file. Today every stored file is public (uploads are only
 * for authors and staff, and files exist to be shown in published content); a rule that
 * follows references into drafts plugs in here.
 */
export type FileVisibility = (file: StoredFile, actor: Actor | undefined) => Promise<boolean>;

const PUBLIC: FileVisibility = async () => true;

/** Files stored in GridFS: uploads checked by content, downloads streamed. */
export function createFilesService(deps: {
  files: FileRepository;
  limits: UploadLimits;
  visibility?: FileVisibility;
  clock?: () => Date;
}): FilesService {
  const canRead = deps.visibility ?? PUBLIC;
  const clock = deps.clock ?? (() => new Date());
  let lastSweep = 0;
  const sweepOrphans = (now = clock()) =>
    deps.files.deleteOrphanChunks(new Date(now.getTime() - 7 * DAY_MS), new Date(now.getTime() - DAY_MS));
  const maybeSweep = async () => {
    const now = clock();
    if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now.getTime();
    // A failed sweep must not fail the upload; the next upload tries again.
    await sweepOrphans(now).catch(() => {
      lastSweep = 0;
    });
  };
  const active = { uploads: 0, downloads: 0 };
  const limitFor = (kind: FileKind) => Math.min(deps.limits.kindMaxBytes[kind], deps.limits.maxBytes);
  const get = async (id: string, actor?: Actor) => {
    const file = OBJECT_ID.test(id) ? await deps.files.findById(id) : null;
    // A file the actor may not read is reported as missing, so ids reveal nothing.
    if (!file || !(await canRead(file, actor))) throw new AppError('file_not_found');
    return file;
  };
  return {
    async upload(input) {
      active.uploads++;
      try {
        return await storeUpload(deps.files, input, limitFor);
      } finally {
        active.uploads--;
        await maybeSweep();
      }
    },
    get,
    openContent(file, range) {
      const stream = deps.files.openDownload(file.id, range);
      active.downloads++;
      stream.once('close', () => active.downloads--);
      return stream;
    },
    async remove(actor, id) {
      const file = await get(id, actor);
      if (file.uploaderId !== actor.userId && !hasRole(actor, 'staff')) throw new AppError('forbidden');
      if (!(await deps.files.delete(id))) throw new AppError('file_not_found');
    },
    async discard(id) {
      await deps.files.delete(id);
    },
    async checkFile(id, kinds): Promise<FileCheck> {
      if (!OBJECT_ID.test(id)) return { ok: false, code: 'invalid_file_id', params: { id } };
      const file = await deps.files.findById(id);
      if (!file) return { ok: false, code: 'file_not_found', params: { id } };
      if (!kinds.includes(file.kind)) {
        return {
          ok: false,
          code: 'file_kind_mismatch',
          params: { kind: file.kind, expected: kinds.join(', ') },
        };
      }
      return { ok: true, file };
    },
    sweepOrphans,
    stats: () => ({ activeUploads: active.uploads, activeDownloads: active.downloads }),
  };
}

async function storeUpload(
  files: FileRepository,
  input: UploadInput,
  limitFor: (kind: FileKind) => number,
): Promise<StoredFile> {
  const chunks = input.source[Symbol.asyncIterator]();
  let sink: UploadSink | undefined;
  try {
    const head = await readHead(chunks);
    const type = decideType(head, input.claimedType);
    sink = files.openUpload(sanitizeFilename(input.filename, type.exts), {
      uploaderId: input.uploaderId,
      kind: type.kind,
      contentType: type.contentType,
      language: input.language ?? null,
    });
    const sha256 = await copy(head, chunks, sink, type.kind, limitFor(type.kind));
    return await sink.finish(sha256);
  } catch (err) {
    // The source is left as it is: its owner drains or destroys it (multer drains the request;
    // destroying a busboy part here would replace our error with an AbortError).
    await sink?.discard();
    throw err;
  }
}

/** Streams head + rest into `sink`, hashing and counting; each write is awaited, so nothing is
 * in flight when the caller discards after a failure. Returns the hex SHA-256. */
async function copy(
  head: Buffer,
  chunks: AsyncIterator<Buffer>,
  sink: UploadSink,
  kind: FileKind,
  limit: number,
): Promise<string> {
  const hash = createHash('sha256');
  let size = 0;
  for (let next: IteratorResult<Buffer> = { value: head }; !next.done; next = await chunks.next()) {
    size += next.value.length;
    if (size > limit) throw tooLarge(kind, limit);
    hash.update(next.value);
    await sink.write(next.value);
  }
  return hash.digest('hex');
}

/** Reads until SNIFF_BYTES are buffered or the source ends; the one bounded buffer of an upload. */
async function readHead(chunks: AsyncIterator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(parts, length);
}

function decideType(head: Buffer, claimedType: string | undefined): SniffedType {
  const resolution = resolveType(head, claimedType);
  if (resolution.ok) return resolution.type;
  if (resolution.reason === 'mismatch') {
    throw new AppError('file_type_mismatch', {
      params: { claimed: resolution.claimed, detected: resolution.detected },
    });
  }
  throw new AppError('file_type_not_allowed', { params: { detected: resolution.detected } });
}

function tooLarge(kind: FileKind, limit: number): AppError {
  return new AppError('file_too_large', {
    params: { kind, limitMb: Math.floor((limit / MiB) * 100) / 100 },
    extensions: { kind, limitBytes: limit },
  });
}
