import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/shared/paths';

export const BENCHMARKS_MD = path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');

const begin = (name: string) => `<!-- begin:${name} (written by a script; edit the script, not this) -->`;
const end = (name: string) => `<!-- end:${name} -->`;

/**
 * Replaces the text between `<!-- begin:<name> … -->` and `<!-- end:<name> -->` in `file`
 * (docs/benchmarks.md by default) and leaves everything else as it is; a section not there yet
 * is appended at the end. Several bench scripts share the file, each owning its own section.
 */
export function writeSection(name: string, body: string, file: string = BENCHMARKS_MD): void {
  const block = `${begin(name)}\n${body.trim()}\n${end(name)}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(`<!-- begin:${name} `);
  const stop = text.indexOf(end(name));
  const next =
    start >= 0 && stop > start
      ? `${text.slice(0, start)}${block}${text.slice(stop + end(name).length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
