/** The longest stored file name, in UTF-8 bytes (most file systems allow 255). */
export const MAX_FILENAME_BYTES = 200;

// Control and format characters that hide or reorder text (bidi overrides make
// "invoice\u202Efdp.exe" look like a PDF); zero-width joiners stay, Arabic and Indic names need them.
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
// Reserved on Windows or meaningful to shells and HTTP headers.
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A safe display and download name: the last path segment, NFC-normalised, without control,
 * bidi-override or reserved characters, trimmed, at most MAX_FILENAME_BYTES. Letters of every
 * script survive. The extension must be one of `exts` (the detected type's); otherwise the
 * preferred one is appended, so a saved copy never opens as another type. Empty → `file.<ext>`.
 */
export function sanitizeFilename(raw: string | undefined, exts: readonly string[]): string {
  const preferred = exts[0] ?? 'bin';
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(CONTROL, '')
    .replace(RESERVED, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  if (!name) return `file.${preferred}`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const keepsExt = exts.includes(ext);
  const stem = keepsExt ? name.slice(0, dot) : name;
  const suffix = keepsExt ? name.slice(dot) : `.${preferred}`;
  return `${truncateUtf8(stem, MAX_FILENAME_BYTES - utf8Length(suffix)).trimEnd()}${suffix}`;
}

const GRAPHEMES = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a user-perceived character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment: ch } of GRAPHEMES.segment(text)) {
    const size = utf8Length(ch);
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
