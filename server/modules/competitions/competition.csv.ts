import type { Criterion } from './competition.model';
import type { Ranked } from './competition.ranking';
import type { ScoredEntry } from './competition.repository';

// A cell starting with one of these is a formula in spreadsheet software (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-neutralized, quoted when needed. */
export function csvCell(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  const safe = typeof value === 'string' && FORMULA_START.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header and one line per ranked entry (RFC 4180, CRLF line ends). */
export function* resultsCsv(
  criteria: readonly Criterion[],
  ranked: readonly Ranked<ScoredEntry>[],
): Generator<string> {
  const head = [
    'rank',
    'tied',
    'average',
    'jurors',
    ...criteria.map((c) => `mean_${c.key}`),
    'entry_id',
    'thread_id',
    'participant_id',
    'lang',
    'title',
  ];
  yield `${head.join(',')}\r\n`;
  for (const e of ranked) {
    const means = criteria.map((c) =>
      e.scoreCount ? Math.round(((e.criteriaTotals[c.key] ?? 0) / e.scoreCount) * 100) / 100 : null,
    );
    const row = [
      e.rank || null,
      e.tied ? 'yes' : 'no',
      e.average,
      e.scoreCount,
      ...means,
      e.id,
      e.threadId,
      e.participantId,
      e.lang,
      e.title,
    ];
    yield `${row.map(csvCell).join(',')}\r\n`;
  }
}
