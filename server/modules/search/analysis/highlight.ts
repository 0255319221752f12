import { type QueryTerm, synonymMatches, typoBudget, type Word, words } from './analyzer';

/** A highlighted span of a text: [start, end) in UTF-16 code units, as JavaScript indexes strings. */
export type Span = readonly [number, number];

const MIN_PREFIX_LENGTH = 3;

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

function wordMatches(w: Word, t: QueryTerm, isLast: boolean): boolean {
  if (t.kind !== 'word' || w.stop) return false;
  if (w.stem === t.stem || w.surface === t.surface) return true;
  if (isLast && t.surface.length >= MIN_PREFIX_LENGTH && w.surface.startsWith(t.surface)) return true;
  const budget = typoBudget(t);
  return budget > 0 && editDistance(w.surface, t.surface, budget) <= budget;
}

/**
 * Where the query matched in `text`, by the same rules the engines use (stem, typo budget,
 * prefix of the last word, synonym phrases), so highlights agree with why an item was found.
 */
export function highlight(text: string, query: readonly QueryTerm[]): Span[] {
  const ws = words(text);
  const marked = new Set<number>();
  const synonyms = new Set(query.flatMap((t) => (t.kind === 'synonym' ? [t.term] : [])));
  for (const m of synonymMatches(ws)) {
    if (synonyms.has(m.term)) for (let i = m.from; i < m.to; i++) marked.add(i);
  }
  ws.forEach((w, i) => {
    if (query.some((t, k) => wordMatches(w, t, k === query.length - 1))) marked.add(i);
  });
  return [...marked]
    .sort((a, b) => a - b)
    .map((i) => ws[i] as Word)
    .map((w) => [w.start, w.end] as const);
}
