import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import {
  normalizeArabic,
  normalizeCyrillic,
  normalizeLatin,
  type Script,
  scriptOf,
  stemArabic,
} from './normalize';
import STOPWORDS from './stopwords.json';
import SYNONYMS from './synonyms.json';

/**
 * The analysis both engines share: text → words (ICU word segmentation, which also splits
 * Chinese without spaces) → per-script normalization and stemming → stop words and
 * cross-language synonyms. Documents are indexed as the resulting terms, queries are
 * analyzed the same way, so every engine sees the same vocabulary.
 */

/** One word of a text: where it is, its normalized surface form and its stem. */
export interface Word {
  readonly start: number;
  readonly end: number;
  readonly surface: string;
  readonly stem: string;
  readonly script: Script;
  readonly stop: boolean;
}

/** A synonym group found in a text: its index term and the word span it covers. */
export interface SynonymMatch {
  readonly term: string;
  readonly from: number;
  readonly to: number;
}

/** Prefix of the index term standing for a synonym group (letters only: engines keep it whole). */
export const SYNONYM_TERM_PREFIX = 'qsyn';
const MAX_PHRASE_WORDS = 8;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Stemmers mangle very short words and abbreviations (ИИ → и, which is "and"): keep those whole.
const MIN_STEMMED_LENGTH = 4;

function analyzeWord(raw: string): { surface: string; stem: string; script: Script } {
  const w = normalizeWord(raw);
  return [...w.surface].length < MIN_STEMMED_LENGTH ? { ...w, stem: w.surface } : w;
}

function normalizeWord(raw: string): { surface: string; stem: string; script: Script } {
  const script = scriptOf(raw);
  switch (script) {
    case 'arabic': {
      const surface = normalizeArabic(raw);
      return { surface, stem: stemArabic(surface), script };
    }
    case 'cyrillic': {
      const surface = normalizeCyrillic(raw);
      return { surface, stem: stemRussian(surface), script };
    }
    case 'latin': {
      const surface = normalizeLatin(raw);
      return { surface, stem: stemEnglish(surface), script };
    }
    default: {
      const surface = raw.toLowerCase();
      return { surface, stem: surface, script };
    }
  }
}

const stopwords = new Set(
  Object.values(STOPWORDS)
    .flat()
    .map((w) => analyzeWord(w).surface),
);

// Han runs go to ICU's dictionary segmenter; everything else splits on letters, marks and digits
// (a plain regex, several times faster than segmenting the whole text with ICU).
const WORD = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;
const HAN = /^\p{Script=Han}/u;
type Analyzed = Omit<Word, 'start' | 'end'>;
const cache = new Map<string, Analyzed>();
const CACHE_LIMIT = 100_000;

// Documents repeat a small vocabulary, so each distinct word is analyzed once (bounded memo).
function analyzeCached(raw: string): Analyzed {
  let w = cache.get(raw);
  if (!w) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    const a = analyzeWord(raw);
    w = { ...a, stop: stopwords.has(a.surface) };
    cache.set(raw, w);
  }
  return w;
}

function toWord(raw: string, start: number, out: Word[]): void {
  const a = analyzeCached(raw);
  if (a.surface === '') return;
  out.push({
    surface: a.surface,
    stem: a.stem,
    script: a.script,
    stop: a.stop,
    start,
    end: start + raw.length,
  });
}

/** Segments and analyzes `text` into words, keeping stop words (flagged) for phrase matching. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    const raw = m[0];
    if (!HAN.test(raw)) toWord(raw, m.index, out);
    else
      for (const seg of segmenter.segment(raw))
        if (seg.isWordLike) toWord(seg.segment, m.index + seg.index, out);
  }
  return out;
}

// Han words are joined without a separator so that a phrase matches however ICU split it.
function joinKey(
  key: string,
  w: Pick<Word, 'stem' | 'script'>,
  prev: Pick<Word, 'script'> | undefined,
): string {
  return prev === undefined
    ? w.stem
    : `${key}${w.script === 'han' && prev.script === 'han' ? '' : ' '}${w.stem}`;
}

function phraseKey(ws: readonly Pick<Word, 'stem' | 'script'>[]): string {
  return ws.reduce((key, w, i) => joinKey(key, w, ws[i - 1]), '');
}

const synonymIndex: ReadonlyMap<string, string> = new Map(
  Object.entries(SYNONYMS.groups).flatMap(([id, variants]) =>
    variants.map((v) => [phraseKey(words(v)), `${SYNONYM_TERM_PREFIX}${id}`] as const),
  ),
);
// Where a phrase can start: its first stem, or for Chinese its first character.
const phraseStarts = new Set([...synonymIndex.keys()].flatMap((k) => [k.split(' ')[0] ?? '', k[0] ?? '']));

/** Every synonym phrase in `ws`, longest first at each position (overlaps allowed). */
export function synonymMatches(ws: readonly Word[]): SynonymMatch[] {
  const out: SynonymMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    const first = ws[i] as Word;
    if (!phraseStarts.has(first.script === 'han' ? (first.stem[0] ?? '') : first.stem)) continue;
    const found: SynonymMatch[] = [];
    let key = '';
    for (let j = i; j < Math.min(ws.length, i + MAX_PHRASE_WORDS); j++) {
      key = joinKey(key, ws[j] as Word, j > i ? ws[j - 1] : undefined);
      const term = synonymIndex.get(key);
      if (term) found.push({ term, from: i, to: j + 1 });
    }
    out.push(...found.reverse());
  }
  return out;
}

/** The index terms of `text`, space-separated: surface forms, stems and synonym group terms. */
export function indexTerms(text: string): string {
  const ws = words(text);
  const terms: string[] = [];
  for (const w of ws) {
    if (w.stop) continue;
    terms.push(w.surface);
    if (w.stem !== w.surface) terms.push(w.stem);
  }
  for (const m of synonymMatches(ws)) terms.push(m.term);
  return terms.join(' ');
}

/**
 * The terms of `text` for an engine that corrects typos through its own vocabulary of surface
 * forms (the embedded engine): stems and synonym group terms only; `onWord` sees each word's
 * (surface, stem) pair so the engine can map a misspelt or partial word to stems.
 */
export function stemTerms(text: string, onWord: (surface: string, stem: string) => void): string {
  const ws = words(text);
  const terms: string[] = [];
  for (const w of ws) {
    if (w.stop) continue;
    terms.push(w.stem);
    onWord(w.surface, w.stem);
  }
  for (const m of synonymMatches(ws)) terms.push(m.term);
  return terms.join(' ');
}

/** One unit of an analyzed query: a word (searched by stem, or fuzzily by surface) or a synonym group. */
export type QueryTerm =
  | { readonly kind: 'word'; readonly surface: string; readonly stem: string; readonly script: Script }
  | { readonly kind: 'synonym'; readonly term: string };

/**
 * Analyzes a query: a phrase that names a synonym group is replaced by the group's term
 * (so "artificial intelligence" finds ИИ), other words keep surface and stem; stop words go.
 */
export function analyzeQuery(q: string): QueryTerm[] {
  const ws = words(q);
  const out: QueryTerm[] = [];
  const matches = longestNonOverlapping(synonymMatches(ws));
  for (let i = 0; i < ws.length; ) {
    const m = matches.get(i);
    if (m) {
      out.push({ kind: 'synonym', term: m.term });
      i = m.to;
      continue;
    }
    const w = ws[i++] as Word;
    if (!w.stop) out.push({ kind: 'word', surface: w.surface, stem: w.stem, script: w.script });
  }
  return out;
}

function longestNonOverlapping(ms: SynonymMatch[]): Map<number, SynonymMatch> {
  const chosen = new Map<number, SynonymMatch>();
  let covered = 0;
  for (const m of ms) {
    if (m.from < covered) continue;
    chosen.set(m.from, m);
    covered = m.to;
  }
  return chosen;
}

/**
 * How many typos a word may carry, as Meilisearch counts them: none under 5 letters, one
 * from 5, two from 9. Chinese words and synonym terms are matched exactly.
 */
export function typoBudget(term: QueryTerm): number {
  if (term.kind === 'synonym' || term.script === 'han') return 0;
  const n = [...term.surface].length;
  return n >= 9 ? 2 : n >= 5 ? 1 : 0;
}
