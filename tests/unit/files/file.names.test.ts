import { MAX_FILENAME_BYTES, sanitizeFilename } from '../../../server/modules/files/file.names';

const PDF = ['pdf'];
const JPG = ['jpg', 'jpeg'];

describe('sanitizeFilename', () => {
  it.each([
    ['تقرير الدورة.pdf', 'تقرير الدورة.pdf'],
    ['课程讲义.pdf', '课程讲义.pdf'],
    ['Отчёт о курсе.pdf', 'Отчёт о курсе.pdf'],
    ['मराठी.pdf', 'मराठी.pdf'],
    ['نامه\u200Cها.pdf', 'نامه\u200Cها.pdf'],
  ])('keeps letters of every script: %s', (raw, expected) => {
    expect(sanitizeFilename(raw, PDF)).toBe(expected);
  });

  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\me\\notes.pdf', 'notes.pdf'],
    ['a\u0000b\u0007c.pdf', 'abc.pdf'],
    ['invoice\u202Egpj.pdf', 'invoicegpj.pdf'],
    ['what?<is>"this"|*.pdf', 'what__is__this___.pdf'],
    ['  spaced \t\n out  .pdf ', 'spaced out.pdf'],
    ['...hidden.pdf', 'hidden.pdf'],
    ['CON.pdf', '_CON.pdf'],
    ['', 'file.pdf'],
    [undefined, 'file.pdf'],
    ['///', 'file.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFilename(raw, PDF)).toBe(expected);
  });

  it('NFC-normalises decomposed letters', () => {
    expect(sanitizeFilename('Cafe\u0301.pdf', PDF)).toBe('Café.pdf');
  });

  it('keeps an extension of the detected type and appends the right one otherwise', () => {
    expect(sanitizeFilename('photo.JPEG', JPG)).toBe('photo.JPEG');
    expect(sanitizeFilename('photo.html', JPG)).toBe('photo.html.jpg');
    expect(sanitizeFilename('photo', JPG)).toBe('photo.jpg');
  });

  it('caps the length in UTF-8 bytes without splitting a character', () => {
    const name = sanitizeFilename(`${'ж'.repeat(300)}.pdf`, PDF);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name).toMatch(/^ж+\.pdf$/);
    const emoji = sanitizeFilename(`${'👩‍🏫'.repeat(50)}.pdf`, PDF);
    expect(emoji).toMatch(/^(👩‍🏫)+\.pdf$/u);
  });
});
