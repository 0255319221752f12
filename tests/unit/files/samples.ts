/**
 * Small generated files with real leading bytes for each allowed type, shared by the unit and
 * integration tests. `body` pads them to a given size with deterministic filler.
 */

/** Deterministic filler bytes (not zeros, so ranges are distinguishable). */
export function filler(size: number, seed = 7): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

/** A ZIP local file header for `name` followed by `data` (stored, sizes given). */
export function zipEntry(name: string, data = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), data]);
}

const ascii = (s: string) => Buffer.from(s, 'latin1');
const bytes = (...b: number[]) => Buffer.from(b);
const ftyp = (brand: string) =>
  Buffer.concat([bytes(0, 0, 0, 0x18), ascii(`ftyp${brand}`), bytes(0, 0, 2, 0)]);
const riff = (form: string) => Buffer.concat([ascii('RIFF'), bytes(0x24, 0, 0, 0), ascii(form)]);
const ebml = (docType: string) =>
  Buffer.concat([
    bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84),
    ascii(docType),
  ]);

export interface Sample {
  readonly name: string;
  readonly head: Buffer;
  readonly contentType: string;
  readonly kind: 'video' | 'audio' | 'document' | 'image';
  readonly filename: string;
}

/** One sample per allowed type. */
export const SAMPLES: readonly Sample[] = [
  {
    name: 'PDF',
    head: ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
    contentType: 'application/pdf',
    kind: 'document',
    filename: 'guide.pdf',
  },
  {
    name: 'DOCX',
    head: Buffer.concat([
      zipEntry('[Content_Types].xml', ascii('<Types/>')),
      zipEntry('_rels/.rels'),
      zipEntry('word/document.xml'),
    ]),
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    filename: 'lesson.docx',
  },
  {
    name: 'PPTX',
    head: Buffer.concat([zipEntry('[Content_Types].xml'), zipEntry('ppt/presentation.xml')]),
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'document',
    filename: 'slides.pptx',
  },
  {
    name: 'XLSX',
    head: Buffer.concat([zipEntry('[Content_Types].xml'), zipEntry('xl/workbook.xml')]),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'document',
    filename: 'scores.xlsx',
  },
  {
    name: 'EPUB',
    head: Buffer.concat([
      zipEntry('mimetype', ascii('application/epub+zip')),
      zipEntry('META-INF/container.xml'),
    ]),
    contentType: 'application/epub+zip',
    kind: 'document',
    filename: 'manual.epub',
  },
  {
    name: 'PNG',
    head: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d),
    contentType: 'image/png',
    kind: 'image',
    filename: 'cover.png',
  },
  {
    name: 'JPEG',
    head: Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), ascii('JFIF')]),
    contentType: 'image/jpeg',
    kind: 'image',
    filename: 'photo.jpg',
  },
  { name: 'GIF', head: ascii('GIF89a'), contentType: 'image/gif', kind: 'image', filename: 'anim.gif' },
  {
    name: 'WebP',
    head: Buffer.concat([riff('WEBP'), ascii('VP8 ')]),
    contentType: 'image/webp',
    kind: 'image',
    filename: 'pic.webp',
  },
  { name: 'MP4', head: ftyp('isom'), contentType: 'video/mp4', kind: 'video', filename: 'lecture.mp4' },
  { name: 'M4A', head: ftyp('M4A '), contentType: 'audio/mp4', kind: 'audio', filename: 'podcast.m4a' },
  { name: 'WebM', head: ebml('webm'), contentType: 'video/webm', kind: 'video', filename: 'clip.webm' },
  {
    name: 'MKV',
    head: ebml('matroska'),
    contentType: 'video/x-matroska',
    kind: 'video',
    filename: 'talk.mkv',
  },
  {
    name: 'MP3 (ID3)',
    head: Buffer.concat([ascii('ID3'), bytes(3, 0, 0, 0, 0, 0x0a)]),
    contentType: 'audio/mpeg',
    kind: 'audio',
    filename: 'song.mp3',
  },
  {
    name: 'MP3 (frame sync)',
    head: bytes(0xff, 0xfb, 0x90, 0x64),
    contentType: 'audio/mpeg',
    kind: 'audio',
    filename: 'raw.mp3',
  },
  {
    name: 'OGG',
    head: Buffer.concat([ascii('OggS'), bytes(0, 2), Buffer.alloc(22), ascii('OpusHead')]),
    contentType: 'audio/ogg',
    kind: 'audio',
    filename: 'voice.ogg',
  },
  {
    name: 'WAV',
    head: Buffer.concat([riff('WAVE'), ascii('fmt ')]),
    contentType: 'audio/wav',
    kind: 'audio',
    filename: 'tone.wav',
  },
];

/** `head` followed by filler up to `size` bytes. */
export function sampleBody(head: Buffer, size = 4096): Buffer {
  return Buffer.concat([head, filler(Math.max(0, size - head.length))]);
}
