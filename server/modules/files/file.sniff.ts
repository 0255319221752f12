/**
 * Content sniffing: the type of an upload is decided from its leading bytes, never from the
 * client's Content-Type or the file name. Only the types in this table can be stored; SVG,
 * HTML and anything else that a browser could run as script are deliberately absent.
 */

export const FILE_KINDS = ['video', 'audio', 'document', 'image'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** A detected type: its MIME type, kind and file name extensions (the first is preferred). */
export interface SniffedType {
  readonly contentType: string;
  readonly kind: FileKind;
  readonly exts: readonly string[];
}

/** How many leading bytes detection looks at (ZIP-based formats need the first entries). */
export const SNIFF_BYTES = 64 * 1024;

const TYPES = {
  'application/pdf': { kind: 'document', exts: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    kind: 'document',
    exts: ['docx'],
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    kind: 'document',
    exts: ['pptx'],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', exts: ['xlsx'] },
  'application/epub+zip': { kind: 'document', exts: ['epub'] },
  'image/png': { kind: 'image', exts: ['png'] },
  'image/jpeg': { kind: 'image', exts: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/gif': { kind: 'image', exts: ['gif'] },
  'image/webp': { kind: 'image', exts: ['webp'] },
  'audio/mpeg': { kind: 'audio', exts: ['mp3'] },
  'audio/mp4': { kind: 'audio', exts: ['m4a', 'm4b', 'mp4'] },
  'audio/ogg': { kind: 'audio', exts: ['ogg', 'oga', 'opus'] },
  'audio/wav': { kind: 'audio', exts: ['wav', 'wave'] },
  'audio/flac': { kind: 'audio', exts: ['flac'] },
  'audio/webm': { kind: 'audio', exts: ['weba', 'webm'] },
  'video/mp4': { kind: 'video', exts: ['mp4', 'm4v'] },
  'video/quicktime': { kind: 'video', exts: ['mov', 'qt'] },
  'video/3gpp': { kind: 'video', exts: ['3gp', '3gpp'] },
  'video/webm': { kind: 'video', exts: ['webm'] },
  'video/x-matroska': { kind: 'video', exts: ['mkv'] },
  'video/ogg': { kind: 'video', exts: ['ogv', 'ogg'] },
} as const satisfies Record<string, { kind: FileKind; exts: readonly string[] }>;

export type AllowedType = keyof typeof TYPES;

/** Every MIME type an upload may have. */
export const ALLOWED_TYPES = Object.keys(TYPES) as AllowedType[];

/**
 * Containers whose bytes do not say whether they hold audio or video: the client's claim may
 * pick the other member of the pair (an audio-only MP4 sent as audio/mp4 is stored as audio).
 */
const CONTAINER_ALTERNATIVES: Readonly<Record<string, readonly AllowedType[]>> = {
  'video/mp4': ['audio/mp4'],
  'audio/mp4': ['video/mp4'],
  'video/webm': ['audio/webm'],
  'audio/ogg': ['video/ogg'],
};

/** Claimed types that say nothing (busboy reports text/plain for a part without a type). */
const NO_CLAIM = new Set(['', 'application/octet-stream', 'text/plain', 'binary/octet-stream']);

/** Common spellings of the same type that browsers and tools send. */
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-flac': 'audio/flac',
  'application/x-pdf': 'application/pdf',
  'application/ogg': 'audio/ogg',
  'video/x-m4v': 'video/mp4',
};

/**
 * An OOXML package whose word/, ppt/ or xl/ parts lie beyond the sniff window (a large
 * thumbnail first): a Word, PowerPoint or Excel claim then decides which one it is.
 */
const OOXML_UNDECIDED = 'application/x-ooxml-package';

/** ZIP-based documents may be claimed as plain ZIP by clients that do not know the format. */
const ZIP_CLAIMS = new Set(['application/zip', 'application/x-zip-compressed']);

/** The outcome of comparing a detection with what the client claimed. */
export type Resolution =
  | { readonly ok: true; readonly type: SniffedType }
  | { readonly ok: false; readonly reason: 'not_allowed'; readonly detected: string }
  | { readonly ok: false; readonly reason: 'mismatch'; readonly detected: string; readonly claimed: string };

/** Decides the stored type from the leading bytes and checks the client's claim against it. */
export function resolveType(head: Uint8Array, claimedType: string | undefined): Resolution {
  const detected = detectType(head);
  if (!detected) return { ok: false, reason: 'not_allowed', detected: 'unknown' };
  const claimed = normalizeClaim(claimedType);
  if (
    detected === OOXML_UNDECIDED &&
    claimed?.startsWith('application/vnd.openxmlformats') &&
    claimed in TYPES
  ) {
    return { ok: true, type: describe(claimed as AllowedType) };
  }
  if (!(detected in TYPES)) return { ok: false, reason: 'not_allowed', detected };
  const actual = detected as AllowedType;
  if (claimed === undefined || claimed === actual) return { ok: true, type: describe(actual) };
  const alternative = CONTAINER_ALTERNATIVES[actual]?.find((t) => t === claimed);
  if (alternative) return { ok: true, type: describe(alternative) };
  if (ZIP_CLAIMS.has(claimed) && isZipDocument(actual)) return { ok: true, type: describe(actual) };
  return { ok: false, reason: 'mismatch', detected, claimed };
}

/** The MIME type the leading bytes show (including types we refuse), or undefined. */
export function detectType(b: Uint8Array): string | undefined {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF') return riffType(ascii(b, 8, 12));
  if (ascii(b, 4, 8) === 'ftyp') return isoBrandType(ascii(b, 8, 12));
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return ebmlType(ascii(b, 0, 64));
  if (ascii(b, 0, 4) === 'OggS') return ascii(b, 0, 64).includes('theora') ? 'video/ogg' : 'audio/ogg';
  if (ascii(b, 0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(b, 0, 3) === 'ID3' || isMpegAudioFrame(b)) return 'audio/mpeg';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return zipType(b);
  return refusedType(b);
}

function describe(type: AllowedType): SniffedType {
  return { contentType: type, ...TYPES[type] };
}

function normalizeClaim(claimed: string | undefined): string | undefined {
  const base = (claimed ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (NO_CLAIM.has(base)) return undefined;
  return ALIASES[base] ?? base;
}

function isZipDocument(type: AllowedType): boolean {
  return type === 'application/epub+zip' || type.startsWith('application/vnd.openxmlformats');
}

function riffType(form: string): string | undefined {
  if (form === 'WEBP') return 'image/webp';
  if (form === 'WAVE') return 'audio/wav';
  if (form === 'AVI ') return 'video/x-msvideo';
  return undefined;
}

function isoBrandType(brand: string): string {
  if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('3g')) return 'video/3gpp';
  if (['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis'].includes(brand)) return `image/${brand}`;
  return 'video/mp4';
}

function ebmlType(header: string): string | undefined {
  if (header.includes('webm')) return 'video/webm';
  if (header.includes('matroska')) return 'video/x-matroska';
  return undefined;
}

/** An MPEG audio frame header: 11 sync bits, a defined version and layer, a usable bitrate and rate. */
function isMpegAudioFrame(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff) return false;
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  const syncBits = (b1 & 0xe0) === 0xe0;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 0x03;
  return syncBits && version !== 1 && layer !== 0 && bitrate !== 0x0f && rate !== 0x03;
}

/** EPUB names its type in a first `mimetype` entry; OOXML files carry word/, ppt/ or xl/ parts. */
function zipType(b: Uint8Array): string {
  let ooxml = false;
  for (const { name, dataOffset } of zipEntries(b)) {
    ooxml ||= name === '[Content_Types].xml';
    if (name === 'mimetype' && ascii(b, dataOffset, dataOffset + 20) === 'application/epub+zip') {
      return 'application/epub+zip';
    }
    if (name.startsWith('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (name.startsWith('ppt/')) {
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    }
    if (name.startsWith('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  return ooxml ? OOXML_UNDECIDED : 'application/zip';
}

/**
 * Local file headers found by their signature: robust to entries whose sizes are only given
 * in a trailing data descriptor (streamed ZIP writers), at the cost of a linear scan.
 */
function* zipEntries(b: Uint8Array): Generator<{ name: string; dataOffset: number }> {
  for (let i = 0; i + 30 <= b.length; i++) {
    if (b[i] !== 0x50 || b[i + 1] !== 0x4b || b[i + 2] !== 0x03 || b[i + 3] !== 0x04) continue;
    const nameLength = (b[i + 26] ?? 0) | ((b[i + 27] ?? 0) << 8);
    const extraLength = (b[i + 28] ?? 0) | ((b[i + 29] ?? 0) << 8);
    const name = ascii(b, i + 30, i + 30 + nameLength);
    yield { name, dataOffset: i + 30 + nameLength + extraLength };
  }
}

/** Recognised so the refusal can name what was sent; none of these is ever stored. */
function refusedType(b: Uint8Array): string | undefined {
  if (ascii(b, 0, 2) === 'MZ') return 'application/x-msdownload';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-elf';
  const text = ascii(b, 0, 512)
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'text/html';
  if (text.startsWith('<?xml')) return 'application/xml';
  return undefined;
}

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((byte, i) => b[i] === byte);
}

function ascii(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...b.subarray(start, Math.min(end, b.length)));
}
