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

/** Segments and analyzes `text` into words, keeping stop words (flagged) for phrase matching. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const seg of segmenter.segment(text.normalize('NFC'))) {
    if (!seg.isWordLike) continue;
    const w = analyzeWord(seg.segment);
    if (w.surface === '') continue;
    out.push({ ...w, start: seg.index, end: seg.index + seg.segment.length, stop: stopwords.has(w.surface) });
  }
  return out;
}

// Han words are joined without a separator so that a phrase matches however ICU split it.
function phraseKey(ws: readonly Pick<Word, 'stem' | 'script'>[]): string {
  return ws.reduce((k, w, i) => {
    const prev = ws[i - 1];
    return k + (i > 0 && !(w.script === 'han' && prev?.script === 'han') ? ' ' : '') + w.stem;
  }, '');
}

const synonymIndex: ReadonlyMap<string, string> = new Map(
  Object.entries(SYNONYMS.groups).flatMap(([id, variants]) =>
    variants.map((v) => [phraseKey(words(v)), `${SYNONYM_TERM_PREFIX}${id}`] as const),
  ),
);

/** Every synonym phrase in `ws`, longest first at each position (overlaps allowed). */
export function synonymMatches(ws: readonly Word[]): SynonymMatch[] {
  const out: SynonymMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    for (let j = Math.min(ws.length, i + MAX_PHRASE_WORDS); j > i; j--) {
      const term = synonymIndex.get(phraseKey(ws.slice(i, j)));
      if (term) out.push({ term, from: i, to: j });
    }
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
