import contentDisposition from 'content-disposition';

/** Pure HTTP semantics of file downloads: validators, ranges, disposition (RFC 9110, 6266). */

/** A strong ETag from the content hash: equal bytes, equal tag. */
export function etagFor(sha256: string): string {
  return `"${sha256}"`;
}

/** If-None-Match: true when any listed tag (weakly compared) or `*` matches `etag`. */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** What to send for a GET: everything, one byte range, or 416. */
export type RangeDecision =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };
const SPEC = /^(\d*)-(\d*)$/;

/**
 * Decides a Range request for a representation of `size` bytes. Serves one range only: a
 * header with several ranges, another unit or bad syntax is ignored (a full 200 is always
 * allowed), and an If-Range that is not our current strong ETag also means "send it all".
 */
export function decideRange(
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
  size: number,
): RangeDecision {
  if (!range) return FULL;
  if (ifRange !== undefined && ifRange.trim() !== etag) return FULL;
  const match = /^bytes=(.+)$/i.exec(range.trim());
  const specs = match?.[1]?.split(',').map((s) => s.trim()) ?? [];
  if (specs.length !== 1) return FULL;
  const parts = SPEC.exec(specs[0] ?? '');
  if (!parts) return FULL;
  const [, first = '', last = ''] = parts;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return FULL;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** Types a browser may show in place: media and PDF. Office files and EPUB download. */
function showsInline(contentType: string): boolean {
  return /^(image|audio|video)\//.test(contentType) || contentType === 'application/pdf';
}

/**
 * Content-Disposition with an ASCII `filename` for old clients and, when the name is not plain
 * ASCII, the exact UTF-8 name in `filename*` (RFC 5987), so Arabic, Chinese and Cyrillic names
 * survive the download.
 */
export function dispositionFor(contentType: string, filename: string): string {
  return contentDisposition(filename, {
    type: showsInline(contentType) ? 'inline' : 'attachment',
    fallback: asciiFallback(filename),
  });
}

/** `Отчёт 2024.pdf` → `Otchet 2024.pdf` is beyond us; accents fold, other letters become `_`. */
export function asciiFallback(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  const ext = dot > 0 ? filename.slice(dot) : '';
  const folded = stem
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%]/g, '_');
  const safeExt = ext.replace(/[^\x20-\x7e]/g, '');
  return /[A-Za-z0-9]/.test(folded) ? `${folded}${safeExt}` : `file${safeExt}`;
}
