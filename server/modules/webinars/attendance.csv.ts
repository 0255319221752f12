import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import { AppError } from '../../shared/errors';
import type { ColumnMapping } from './import.model';

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';
export type MappingInput = Partial<Record<keyof ColumnMapping, string | undefined>>;

/** Column positions of the mapped fields (email always; the others when present). */
export type ColumnIndex = Readonly<Record<keyof ColumnMapping, number | null>> & { readonly email: number };

/** Header names conferencing tools use (Zoom, Teams, Webex, Google Meet), lower case. */
const ALIASES: Readonly<Record<keyof ColumnMapping, readonly string[]>> = {
  email: ['email', 'user email', 'email address', 'e-mail', 'participant email', 'attendee email'],
  name: ['name', 'name (original name)', 'full name', 'participant', 'display name', 'attendee name'],
  joinTime: ['join time', 'first join', 'first join time', 'joined', 'join timestamp'],
  leaveTime: ['leave time', 'last leave', 'last leave time', 'left', 'leave timestamp'],
  duration: [
    'duration (minutes)',
    'duration',
    'time in session (minutes)',
    'attendance duration',
    'in-meeting duration',
  ],
};
const FIELDS = Object.keys(ALIASES) as (keyof ColumnMapping)[];

/** The encoding from the byte-order mark, or from NUL-byte positions; UTF-8 otherwise. */
export function detectEncoding(head: Buffer): FileEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: ASCII letters leave a NUL in every other byte.
  if (head.length >= 4 && head[1] === 0 && head[3] === 0 && head[0] !== 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[2] === 0 && head[1] !== 0) return 'utf-16be';
  return 'utf-8';
}

/** Decodes a file strictly (a byte sequence invalid in its encoding is a 400, never a guess). */
async function* decodeFile(path: string, onBytes?: (chunk: Buffer) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let encoding: FileEncoding = 'utf-8';
  try {
    for await (const chunk of createReadStream(path, {
      highWaterMark: 256 * 1024,
    }) as AsyncIterable<Buffer>) {
      onBytes?.(chunk);
      if (!decoder) {
        encoding = detectEncoding(chunk);
        decoder = new TextDecoder(encoding, { fatal: true });
      }
      const text = decoder.decode(chunk, { stream: true });
      // A NUL in decoded text means a UTF-16 file without a BOM read as UTF-8 (or binary data).
      if (text.includes('\u0000')) throw new AppError('import_encoding_invalid', { params: { encoding } });
      yield text;
    }
    if (decoder) yield decoder.decode();
  } catch (err) {
    // Checked by code, not class: TypeError differs between realms (vm contexts, test runners).
    if ((err as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
      throw new AppError('import_encoding_invalid', { params: { encoding }, cause: err });
    throw err;
  }
}

/** The delimiter of the header line: the most frequent of comma, tab and semicolon. */
function delimiterOf(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Streams the records of a CSV file (the header first) as string arrays. */
export async function* csvRecords(path: string, onBytes?: (chunk: Buffer) => void): AsyncGenerator<string[]> {
  const text = decodeFile(path, onBytes);
  const first = await text.next();
  if (first.done) return;
  const head = first.value;
  const parser = parse({
    delimiter: delimiterOf(head.split(/\r?\n/, 1)[0] ?? ''),
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
  });
  // pipeline, not pipe: a decoding error destroys the parser with that error (and vice versa).
  const source = Readable.from(
    (async function* () {
      yield head;
      yield* text;
    })(),
  );
  pipeline(source, parser, () => {});
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines ?? null;
    throw new AppError('import_csv_malformed', { params: { line: line ?? 0 }, cause: err });
  }
}

/** What a first pass over the file established, before anything is imported. */
export interface ScannedFile {
  readonly hash: string;
  readonly encoding: FileEncoding;
  readonly columns: ColumnIndex;
  readonly mapping: ColumnMapping;
  readonly rows: number;
}

/** Reads the whole file once: hash, strict decoding, header and mapping, row count. */
export async function scanFile(path: string, requested: MappingInput): Promise<ScannedFile> {
  const hash = createHash('sha256');
  let encoding: FileEncoding | null = null;
  let mapped: { columns: ColumnIndex; mapping: ColumnMapping } | null = null;
  let rows = 0;
  for await (const record of csvRecords(path, (chunk) => {
    encoding ??= detectEncoding(chunk);
    hash.update(chunk);
  })) {
    if (!mapped) mapped = resolveMapping(record, requested);
    else rows++;
  }
  if (!mapped) throw new AppError('import_file_empty');
  return { hash: hash.digest('hex'), encoding: encoding ?? 'utf-8', ...mapped, rows };
}

/** Finds the mapped columns in the header (case-insensitive); names every missing one. */
export function resolveMapping(
  header: readonly string[],
  requested: MappingInput,
): { columns: ColumnIndex; mapping: ColumnMapping } {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing: string[] = [];
  const columns: Record<string, number | null> = {};
  const mapping: Record<string, string | null> = {};
  for (const field of FIELDS) {
    const wanted = requested[field]?.trim();
    const candidates = wanted ? [wanted.toLowerCase()] : ALIASES[field];
    const index = names.findIndex((n) => candidates.includes(n));
    if (index < 0 && (wanted || field === 'email')) missing.push(wanted ?? field);
    columns[field] = index < 0 ? null : index;
    mapping[field] = index < 0 ? null : (header[index] as string).trim();
  }
  if (missing.length > 0)
    throw new AppError('import_columns_missing', {
      params: {
        count: missing.length,
        columns: missing.join(', '),
        found: header.map((h) => h.trim()).join(', '),
      },
    });
  return { columns: columns as ColumnIndex, mapping: mapping as unknown as ColumnMapping };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One data row read through the mapping. */
export interface AttendanceRow {
  readonly email: string | null;
  readonly joinedAt: Date | null;
  readonly leftAt: Date | null;
  readonly minutes: number | null;
}

/** Reads a record: the address trimmed and lower-cased (null when not an address), times, minutes. */
export function readRow(record: readonly string[], columns: ColumnIndex): AttendanceRow {
  const cell = (i: number | null) => (i === null ? '' : (record[i] ?? '').trim());
  const email = cell(columns.email).toLowerCase();
  return {
    email: EMAIL.test(email) && email.length <= 254 ? email : null,
    joinedAt: dateOf(cell(columns.joinTime)),
    leftAt: dateOf(cell(columns.leaveTime)),
    minutes: minutesOf(cell(columns.duration)),
  };
}

function dateOf(s: string): Date | null {
  const t = s ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

/** Minutes from `42`, `42.5` or Teams' `1h 5m 30s`. */
function minutesOf(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/i.exec(s);
  if (!s || !m || !(m[1] || m[2] || m[3])) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Math.round(Number(m[3] ?? 0) / 6) / 10;
}
