import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's Chromium (apt-get install chromium fonts-noto-core fonts-noto-cjk). */
const CHROMIUM = '/usr/bin/chromium';
const PRINT_TIMEOUT_MS = 30_000;

/**
 * Prints a self-contained HTML page to PDF with headless Chromium. Chromium shapes Arabic and
 * embeds the (Noto) fonts it used, so the PDF shows and lets one extract the text. The flags keep
 * it off the network (the page has no external resources anyway).
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'certificate-'));
  try {
    const page = path.join(dir, 'page.html');
    const out = path.join(dir, 'page.pdf');
    await writeFile(page, html, 'utf8');
    await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${out}`,
        `file://${page}`,
      ],
      { timeout: PRINT_TIMEOUT_MS },
    );
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
