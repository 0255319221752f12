import { detectType, resolveType } from '../../../server/modules/files/file.sniff';
import { SAMPLES, sampleBody, zipEntry } from './samples';

const text = (s: string) => Buffer.from(s, 'latin1');

describe('detectType', () => {
  it.each(SAMPLES)('recognises $name from its leading bytes', (sample) => {
    expect(detectType(sampleBody(sample.head, 256))).toBe(sample.contentType);
  });

  it.each([
    ['HTML', '<!DOCTYPE html><html>', 'text/html'],
    ['HTML after whitespace', '  \n<html><body>', 'text/html'],
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg">', 'image/svg+xml'],
    ['SVG with a BOM and prolog', '\xEF\xBB\xBF<?xml version="1.0"?>\n<svg/>', 'image/svg+xml'],
    ['a Windows executable', 'MZ\x90\x00', 'application/x-msdownload'],
    ['AVI', 'RIFF\x00\x00\x00\x00AVI LIST', 'video/x-msvideo'],
    ['HEIC', '\x00\x00\x00\x18ftypheic', 'image/heic'],
  ])('names refused content: %s', (_name, head, type) => {
    expect(detectType(text(head))).toBe(type);
  });

  it('does not take ADTS AAC or a JPEG for MP3 frame sync', () => {
    expect(detectType(Buffer.from([0xff, 0xf1, 0x50, 0x80]))).toBeUndefined();
    expect(detectType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
  });

  it('finds OOXML parts after large leading entries and tells a plain ZIP apart', () => {
    const bulky = zipEntry('docProps/thumbnail.jpeg', Buffer.alloc(20_000, 1));
    expect(
      detectType(Buffer.concat([zipEntry('[Content_Types].xml'), bulky, zipEntry('xl/workbook.xml')])),
    ).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(detectType(Buffer.concat([zipEntry('notes.txt'), zipEntry('photo.jpg')]))).toBe('application/zip');
  });

  it('returns undefined for empty or unknown content', () => {
    expect(detectType(Buffer.alloc(0))).toBeUndefined();
    expect(detectType(text('plain words'))).toBeUndefined();
  });
});

describe('resolveType', () => {
  const pdf = SAMPLES[0]?.head ?? Buffer.alloc(0);
  const mp4 = SAMPLES.find((s) => s.name === 'MP4')?.head ?? Buffer.alloc(0);
  const docx = SAMPLES.find((s) => s.name === 'DOCX')?.head ?? Buffer.alloc(0);

  it('accepts a matching, aliased or absent claim', () => {
    for (const claim of [
      undefined,
      '',
      'application/pdf',
      'application/x-pdf',
      'application/octet-stream',
      'text/plain',
    ]) {
      expect(resolveType(pdf, claim)).toMatchObject({ ok: true, type: { contentType: 'application/pdf' } });
    }
    expect(resolveType(pdf, 'Application/PDF; charset=binary')).toMatchObject({ ok: true });
  });

  it('lets the claim choose audio or video inside an ambiguous container', () => {
    expect(resolveType(mp4, 'audio/mp4')).toMatchObject({
      ok: true,
      type: { contentType: 'audio/mp4', kind: 'audio' },
    });
    expect(resolveType(mp4, 'video/mp4')).toMatchObject({ ok: true, type: { kind: 'video' } });
  });

  it('lets an Office claim decide an OOXML package whose parts lie beyond the sniff window', () => {
    const early = Buffer.concat([zipEntry('[Content_Types].xml'), zipEntry('docProps/thumbnail.jpeg')]);
    const pptx = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    expect(resolveType(early, pptx)).toMatchObject({
      ok: true,
      type: { contentType: pptx, kind: 'document' },
    });
    expect(resolveType(early, undefined)).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(resolveType(early, 'application/pdf')).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('accepts a ZIP claim for ZIP-based documents', () => {
    expect(resolveType(docx, 'application/zip')).toMatchObject({ ok: true, type: { kind: 'document' } });
  });

  it('reports a mismatch with both types, and refused types by name', () => {
    expect(resolveType(pdf, 'image/png')).toEqual({
      ok: false,
      reason: 'mismatch',
      claimed: 'image/png',
      detected: 'application/pdf',
    });
    expect(resolveType(text('<svg/>'), 'image/svg+xml')).toEqual({
      ok: false,
      reason: 'not_allowed',
      detected: 'image/svg+xml',
    });
    expect(resolveType(text('hello'), undefined)).toEqual({
      ok: false,
      reason: 'not_allowed',
      detected: 'unknown',
    });
  });
});
