import { parse } from 'content-disposition';
import {
  asciiFallback,
  decideRange,
  dispositionFor,
  etagFor,
  noneMatchHits,
} from '../../../server/modules/files/file.http';

const ETAG = etagFor('abc123');

describe('decideRange (size 1000)', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
    ['BYTES=1-1', { kind: 'partial', start: 1, end: 1 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-1001', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-1', { kind: 'full' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=a-b', { kind: 'full' }],
  ])('%s', (range, expected) => {
    expect(decideRange(range, undefined, ETAG, 1000)).toEqual(expected);
  });

  it('ignores Range without the header, and when If-Range names another version', () => {
    expect(decideRange(undefined, undefined, ETAG, 1000)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=0-1', '"old"', ETAG, 1000)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=0-1', 'Wed, 21 Oct 2015 07:28:00 GMT', ETAG, 1000)).toEqual({ kind: 'full' });
    expect(decideRange('bytes=0-1', ETAG, ETAG, 1000)).toEqual({ kind: 'partial', start: 0, end: 1 });
  });

  it('cannot satisfy any range of an empty file', () => {
    expect(decideRange('bytes=0-', undefined, ETAG, 0)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-1', undefined, ETAG, 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('noneMatchHits', () => {
  it('matches *, lists and weak forms of our tag', () => {
    expect(noneMatchHits('*', ETAG)).toBe(true);
    expect(noneMatchHits(`"x", ${ETAG}`, ETAG)).toBe(true);
    expect(noneMatchHits(`W/${ETAG}`, ETAG)).toBe(true);
    expect(noneMatchHits('"x"', ETAG)).toBe(false);
    expect(noneMatchHits(undefined, ETAG)).toBe(false);
  });
});

describe('dispositionFor', () => {
  it.each([
    ['تقرير الدورة.pdf', 'file.pdf'],
    ['课程讲义.pdf', 'file.pdf'],
    ['Отчёт 2024.pdf', '_ 2024.pdf'],
    ['Café.pdf', 'Cafe.pdf'],
  ])('%s: exact UTF-8 name in filename*, ASCII fallback %s', (name, fallback) => {
    const header = dispositionFor('application/pdf', name);
    expect(header).toContain(`filename="${fallback}"`);
    expect(header).toContain("filename*=UTF-8''");
    expect(parse(header)).toEqual({ type: 'inline', parameters: { filename: name } });
  });

  it('plain ASCII names need no filename*', () => {
    expect(dispositionFor('image/png', 'cover.png')).toBe('inline; filename="cover.png"');
  });

  it('Office documents and EPUB are attachments; media and PDF inline', () => {
    expect(dispositionFor('application/epub+zip', 'a.epub')).toMatch(/^attachment;/);
    expect(
      dispositionFor('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'),
    ).toMatch(/^attachment;/);
    for (const type of ['video/mp4', 'audio/mpeg', 'image/webp', 'application/pdf']) {
      expect(dispositionFor(type, 'a')).toMatch(/^inline;/);
    }
  });

  it('asciiFallback never leaves quotes, backslashes or percent signs', () => {
    expect(asciiFallback('50%_"q"\\.pdf')).toBe('50___q__.pdf');
  });
});
