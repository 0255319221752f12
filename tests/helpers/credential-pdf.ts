import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Extracts a PDF's text with pdf-parse in a plain Node process (pdf.js needs real dynamic import). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'c.pdf');
    await writeFile(file, pdf);
    const script = `const { PDFParse } = require('pdf-parse');
      new PDFParse({ data: require('fs').readFileSync(process.argv[1]) }).getText()
        .then((r) => process.stdout.write(JSON.stringify(r.text)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, file], {
      cwd: process.cwd(),
    });
    return JSON.parse(stdout) as string;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The base names of the subset fonts a PDF embeds (`/FontName /ABCDEF+NotoSansArabic-Bold`). */
export function embeddedFonts(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\/FontName\s*\/[A-Z]{6}\+([A-Za-z0-9-]+)/g)].map(
    (m) => m[1] ?? '',
  );
}

/**
 * Whether extracted text holds an Arabic word: text extractors give Arabic in presentation forms
 * (undone by NFKC) and, depending on the PDF's text order, in visual (reversed) order.
 */
export function hasArabicWord(text: string, word: string): boolean {
  const normalized = text.normalize('NFKC');
  return normalized.includes(word) || normalized.includes([...word].reverse().join(''));
}
