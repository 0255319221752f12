import { randomUUID } from 'node:crypto';
import MiniSearch, { type SearchResult as MiniResult, type Query } from 'minisearch';
import { analyzeQuery, type QueryTerm, stemTerms } from './analysis/analyzer';
import { addToTally, createFacetRegistry, type FacetRegistry } from './embedded.facets';
import { createVocabulary, type Vocabulary } from './embedded.vocabulary';
import { allText, entryId, MAX_BODY_CHARS, toHit } from './search.document';
import type {
  FacetCounts,
  SearchDocument,
  SearchEngine,
  SearchFilters,
  SearchHit,
  SearchQuery,
  SearchResult,
} from './search.port';

const FIELDS = ['s_title', 's_summary', 's_body'] as const;
type Row = { id: string } & Record<(typeof FIELDS)[number], string>;
const BOOST = { s_title: 3, s_summary: 1.5, s_body: 1 };
// Stems reached through a typo or a prefix count less than the word's own stem.
const EXPANSION_WEIGHT = 0.6;
const PREFERRED_LANGUAGE_BOOST = 1.2;
// Indexing is CPU work on the server's event loop: let requests through between small slices.
const YIELD_EVERY = 25;
const QUERY_CACHE_LIMIT = 1000;
// Result cache: ranked items kept per query (enough for the first pages), and how many queries.
const CACHED_DEPTH = 100;
const RESULT_CACHE_LIMIT = 500;

/** What the engine keeps per item besides the index: its display fields and facet value numbers. */
interface Stored {
  readonly hit: SearchHit;
  readonly facets: Uint32Array;
}

/** One index generation: the MiniSearch index (stems only), the stored items, the vocabulary. */
interface IndexState {
  readonly mini: MiniSearch<Row>;
  readonly items: Map<string, Stored>;
  readonly vocabulary: Vocabulary;
  readonly facets: FacetRegistry;
  /** Recent results (query → best items, total, facets); emptied by every write. */
  readonly results: Map<string, Ranked>;
}

interface Ranked {
  readonly top: SearchHit[];
  readonly total: number;
  readonly facets: FacetCounts;
}

function newState(): IndexState {
  return {
    mini: new MiniSearch<Row>({
      fields: [...FIELDS],
      // Rows hold analyzed terms already (shared analysis): split on spaces, keep as is.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
    }),
    items: new Map(),
    vocabulary: createVocabulary(),
    facets: createFacetRegistry(),
    results: new Map(),
  };
}

function toRow(doc: SearchDocument, vocabulary: Vocabulary): Row {
  const learn = (surface: string, stem: string) => vocabulary.add(surface, stem);
  return {
    id: entryId(doc),
    s_title: stemTerms(allText(doc.title), learn),
    s_summary: stemTerms(allText(doc.summary), learn),
    s_body: stemTerms(allText(doc.body, MAX_BODY_CHARS), learn),
  };
}

function storedHit(doc: SearchDocument): SearchHit {
  return toHit({
    ...doc,
    langs: [...new Set([...Object.keys(doc.title), ...Object.keys(doc.summary)])].sort(),
    updatedAt: doc.updatedAt.getTime(),
  });
}

function leaf(term: QueryTerm, vocabulary: Vocabulary, prefix: boolean): Query {
  if (term.kind === 'synonym') return term.term;
  const stems = vocabulary.expand(term, prefix);
  if (stems.length === 1) return term.stem;
  return {
    combineWith: 'OR',
    queries: stems,
    boostTerm: (t: string) => (t === term.stem ? 1 : EXPANSION_WEIGHT),
  };
}

/** The query tree: every word must match, by its stem or a stem its typos / prefix stand for. */
function queryTree(terms: readonly QueryTerm[], combineWith: 'AND' | 'OR', vocabulary: Vocabulary): Query {
  return { combineWith, queries: terms.map((t, i) => leaf(t, vocabulary, i === terms.length - 1)) };
}

function matchesFilters(hit: SearchHit, f: SearchFilters): boolean {
  return (
    (!f.type || hit.type === f.type) &&
    (!f.audience || hit.audience.includes(f.audience)) &&
    (!f.topic || hit.topics.includes(f.topic)) &&
    (!f.collection || hit.collection === f.collection)
  );
}
const hasFilters = (f: SearchFilters) => Boolean(f.type || f.audience || f.topic || f.collection);

/**
 * The best `k` results once items in the reader's language get their boost. MiniSearch returns
 * results sorted by score and the boost is at most ×1.2, so nothing scoring below the k-th
 * score / 1.2 can reach the top k: only that head is re-ranked, not every match.
 */
function topByLanguage(results: MiniResult[], items: Map<string, Stored>, lang: string, k: number) {
  if (results.length === 0 || k <= 0) return [];
  const cutoff = (results[Math.min(k, results.length) - 1] as MiniResult).score / PREFERRED_LANGUAGE_BOOST;
  const head: { hit: SearchHit; score: number }[] = [];
  for (const r of results) {
    if (r.score < cutoff) break;
    const { hit } = items.get(r.id) as Stored;
    head.push({ hit, score: hit.langs.includes(lang) ? r.score * PREFERRED_LANGUAGE_BOOST : r.score });
  }
  return head
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((h) => h.hit);
}

/** Queries over one index generation (the engine swaps generations on rebuild). */
function searcher(state: IndexState, analyzed: (text: string) => QueryTerm[], cacheResults: boolean) {
  const { mini, items, vocabulary, facets, results: cache } = state;

  function run(text: string, filters: SearchFilters, fields?: string[]): MiniResult[] {
    const terms = analyzed(text);
    if (terms.length === 0) return [];
    const options = {
      boost: BOOST,
      ...(fields ? { fields } : {}),
      ...(hasFilters(filters)
        ? { filter: (r: MiniResult) => matchesFilters((items.get(r.id) as Stored).hit, filters) }
        : {}),
    };
    const strict = mini.search(queryTree(terms, 'AND', vocabulary), options);
    // Like Meilisearch's matching strategy: when every word cannot match, rank partial matches.
    if (strict.length > 0 || terms.length === 1) return strict;
    return mini.search(queryTree(terms, 'OR', vocabulary), options);
  }

  function browse(filters: SearchFilters, end: number): Ranked {
    const tally = facets.tally();
    const all: SearchHit[] = [];
    for (const item of items.values()) {
      if (!matchesFilters(item.hit, filters)) continue;
      addToTally(tally, item.facets);
      all.push(item.hit);
    }
    const top = all.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, end);
    return { top, total: all.length, facets: facets.counts(tally) };
  }

  function rank(q: SearchQuery, end: number): Ranked {
    const tally = facets.tally();
    const results = run(q.text, q.filters);
    for (const r of results) addToTally(tally, (items.get(r.id) as Stored).facets);
    const top = topByLanguage(results, items, q.lang, end);
    return { top, total: results.length, facets: facets.counts(tally) };
  }

  // Popular queries repeat, and paging asks for the same ranking again: keep the first pages.
  function cachedRank(q: SearchQuery, end: number): Ranked {
    const f = q.filters;
    const key = JSON.stringify([q.text, q.lang, f.type, f.audience, f.topic, f.collection]);
    const hit = cache.get(key);
    if (hit && (end <= hit.top.length || hit.top.length === hit.total)) return hit;
    const ranked = rank(q, Math.max(end, CACHED_DEPTH));
    if (cache.size >= RESULT_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, ranked);
    return ranked;
  }

  function search(q: SearchQuery): SearchResult {
    const end = q.page * q.pageSize;
    const r =
      q.text.trim() === '' ? browse(q.filters, end) : cacheResults ? cachedRank(q, end) : rank(q, end);
    return { hits: r.top.slice(end - q.pageSize, end).map(toHit), total: r.total, facets: r.facets };
  }

  function suggest(text: string, lang: string, limit: number): SearchHit[] {
    return topByLanguage(run(text, {}, ['s_title']), items, lang, limit).map(toHit);
  }
  return { search, suggest };
}

/** Query analysis is memoized: the same few thousand queries make most of the traffic. */
function queryAnalysisCache(): (text: string) => QueryTerm[] {
  const cache = new Map<string, QueryTerm[]>();
  return (text) => {
    let terms = cache.get(text);
    if (!terms) {
      if (cache.size >= QUERY_CACHE_LIMIT) cache.clear();
      terms = analyzeQuery(text);
      cache.set(text, terms);
    }
    return terms;
  };
}

function engineOver(box: { state: IndexState }, indexId: string, cacheResults: boolean): SearchEngine {
  const analyzed = queryAnalysisCache();
  return {
    name: 'embedded',
    indexId,
    settings: async () => {},
    async upsert(docs) {
      for (const [i, doc] of docs.entries()) {
        if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
        // Read the generation per item: a rebuild may swap it between two slices.
        const { mini, items, vocabulary, facets } = box.state;
        const row = toRow(doc, vocabulary);
        if (mini.has(row.id)) mini.discard(row.id);
        mini.add(row);
        const hit = storedHit(doc);
        items.set(row.id, { hit, facets: facets.slotsOf(hit) });
        box.state.results.clear();
      }
    },
    async remove(keys) {
      const { mini, items } = box.state;
      for (const key of keys) {
        const id = entryId(key);
        if (mini.has(id)) mini.discard(id);
        items.delete(id);
        box.state.results.clear();
      }
    },
    query: async (q) => searcher(box.state, analyzed, cacheResults).search(q),
    suggest: async (text, lang, limit) => searcher(box.state, analyzed, false).suggest(text, lang, limit),
    count: async () => box.state.items.size,
    async clear() {
      box.state = newState();
    },
    async rebuild(fill) {
      const aside = { state: newState() };
      await fill(engineOver(aside, `${indexId}-rebuild-${randomUUID()}`, cacheResults));
      // One assignment: a query sees the old generation or the new one, never a partial index.
      box.state = aside.state;
    },
    health: async () => true,
    close: async () => {},
  };
}

/**
 * The in-process engine (MiniSearch): always available while the process runs. It lives in
 * memory and is rebuilt on start by the sync job (a fresh indexId means a fresh watermark).
 * `cacheResults: false` turns the result cache off (the benchmark's cold figures).
 */
export function createEmbeddedEngine(options: { cacheResults?: boolean } = {}): SearchEngine {
  return engineOver({ state: newState() }, `embedded-${randomUUID()}`, options.cacheResults ?? true);
}
