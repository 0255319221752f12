import SearchableMap from 'minisearch/SearchableMap';
import { type QueryTerm, typoBudget } from './analysis/analyzer';

type WordTerm = Extract<QueryTerm, { kind: 'word' }>;

// Prefix-matching a two-letter word would match half the vocabulary.
const MIN_PREFIX_LENGTH = 3;
// Like Meilisearch's cap on derived words: a short prefix must not fan out into hundreds of terms.
const MAX_STEMS_PER_WORD = 16;
const EXPANSION_CACHE_LIMIT = 5000;

/**
 * The surface forms the embedded index has seen, each mapped to its stem. The index itself
 * holds stems only; typos and prefixes are resolved here, on the (small) vocabulary, into the
 * stems they stand for, so a query scans one posting list per distinct stem instead of one
 * per inflected or misspelt form. Not an inverted index: no postings, just words.
 */
export interface Vocabulary {
  add(surface: string, stem: string): void;
  /** The stems a query word stands for: its own, those within its typo budget, and (last word) by prefix. */
  expand(term: WordTerm, prefix: boolean): string[];
  readonly size: number;
}

/** An empty vocabulary (one per index generation; forgotten words only cost a useless stem). */
export function createVocabulary(): Vocabulary {
  const map = new SearchableMap<string>();
  // Membership test on a hash set: add() runs for every word of every document.
  const seen = new Set<string>();
  const cache = new Map<string, string[]>();

  function compute(term: WordTerm, prefix: boolean): string[] {
    const stems = new Set<string>([term.stem]);
    const budget = typoBudget(term);
    if (budget > 0) {
      const fuzzy = [...map.fuzzyGet(term.surface, budget)].sort((a, b) => a[1][1] - b[1][1]);
      for (const [, [stem]] of fuzzy) if (stems.size < MAX_STEMS_PER_WORD) stems.add(stem);
    }
    if (prefix && [...term.surface].length >= MIN_PREFIX_LENGTH) {
      for (const [, stem] of map.atPrefix(term.surface)) {
        if (stems.size >= MAX_STEMS_PER_WORD) break;
        stems.add(stem);
      }
    }
    return [...stems];
  }

  return {
    add(surface, stem) {
      if (seen.has(surface)) return;
      seen.add(surface);
      map.set(surface, stem);
      cache.clear();
    },
    expand(term, prefix) {
      const key = `${prefix ? 'p' : 'w'}${term.surface}\u0000${term.stem}`;
      let stems = cache.get(key);
      if (!stems) {
        if (cache.size >= EXPANSION_CACHE_LIMIT) cache.clear();
        stems = compute(term, prefix);
        cache.set(key, stems);
      }
      return stems;
    },
    get size() {
      return seen.size;
    },
  };
}
