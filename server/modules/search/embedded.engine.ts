import { randomUUID } from 'node:crypto';
import { analyzeQuery, type QueryTerm, stemTerms } from './analysis/analyzer';
import { createFacetTable, type FacetTable } from './embedded.facets';
import { type Field, fieldNumber, PostingsIndex, type Row } from './embedded.index';
import { PostingLists } from './embedded.lists';
import { type Matches, type ScoreRequest, scoreMatches, TopK, type WeightedTerm } from './embedded.scorer';
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

const BOOST: Record<Field, number> = { s_title: 3, s_summary: 1.5, s_body: 1 };
const ALL_FIELDS = (Object.keys(BOOST) as Field[]).map((f) => ({ field: fieldNumber(f), boost: BOOST[f] }));
const TITLE_ONLY = [{ field: fieldNumber('s_title'), boost: BOOST.s_title }];
// Stems reached through a typo or a prefix count less than the word's own stem.
const EXPANSION_WEIGHT = 0.6;
const PREFERRED_LANGUAGE_BOOST = 1.2;
// Indexing is CPU work on the server's event loop: let requests through between small slices.
const YIELD_EVERY = 25;
const QUERY_CACHE_LIMIT = 1000;
// Result cache: ranked items kept per query (enough for the first pages), and how many queries.
const CACHED_DEPTH = 100;
const RESULT_CACHE_LIMIT = 500;

/** One index generation: the MiniSearch index (stems only), the stored items, the vocabulary. */
interface IndexState {
  readonly index: PostingsIndex;
  /** Entry id → MiniSearch short id (a new one each time an item is re-indexed). */
  readonly ids: Map<string, number>;
  /** Display fields by short id; undefined once discarded. */
  readonly docs: (SearchHit | undefined)[];
  readonly vocabulary: Vocabulary;
  readonly facets: FacetTable;
  /** Flat copies of recently queried postings (embedded.lists.ts). */
  readonly lists: PostingLists;
  /** Recent results (query → best items, total, facets); emptied by every write. */
  readonly results: Map<string, Ranked>;
}

interface Ranked {
  readonly top: SearchHit[];
  readonly total: number;
  readonly facets: FacetCounts;
}

function newState(): IndexState {
  const index = new PostingsIndex();
  const docs: (SearchHit | undefined)[] = [];
  return {
    index,
    ids: new Map(),
    docs,
    vocabulary: createVocabulary(),
    facets: createFacetTable(),
    lists: new PostingLists(index, docs),
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

/** The index terms a query word matches: its stem (or synonym term), plus typo and prefix stems. */
function leaf(term: QueryTerm, vocabulary: Vocabulary, prefix: boolean): WeightedTerm[] {
  if (term.kind === 'synonym') return [{ term: term.term, weight: 1 }];
  return vocabulary
    .expand(term, prefix)
    .map((stem) => ({ term: stem, weight: stem === term.stem ? 1 : EXPANSION_WEIGHT }));
}

/** The facet value numbers a match must have; null when a filter value exists nowhere. */
function requiredValues(facets: FacetTable, f: SearchFilters): number[] | null {
  const wanted = [
    ['type', f.type],
    ['audience', f.audience],
    ['topic', f.topic],
    ['collection', f.collection],
  ] as const;
  const out: number[] = [];
  for (const [name, value] of wanted) {
    if (value === undefined) continue;
    const n = facets.find(name, value);
    if (n === undefined) return null;
    out.push(n);
  }
  return out;
}

function hasAll(values: readonly number[], from: number, to: number, required: readonly number[]): boolean {
  return required.every((r) => {
    for (let i = from; i < to; i++) if (values[i] === r) return true;
    return false;
  });
}

/** Queries over one index generation (the engine swaps generations on rebuild). */
function searcher(state: IndexState, analyzed: (text: string) => QueryTerm[], cacheResults: boolean) {
  const { index, ids: live, docs, vocabulary, facets, lists, results: cache } = state;
  const hitsOf = (ids: readonly number[]) => ids.map((d) => docs[d] as SearchHit);

  /**
   * The candidates that pass the filters: counted, faceted into `tally`, and the best `k` by
   * `scoreOf` kept — ×1.2 for items in the reader's language (none when `lang` is '').
   */
  function collect(
    ids: Iterable<number>,
    scoreOf: (d: number) => number,
    q: Pick<SearchQuery, 'filters' | 'lang'>,
    k: number,
    tally: Uint32Array,
  ) {
    const { values, start, end } = facets;
    const required = requiredValues(facets, q.filters);
    const preferred = facets.find('lang', q.lang) ?? -1;
    const top = new TopK(k);
    let total = 0;
    if (!required) return { total, top: [], tally };
    for (const d of ids) {
      const from = start[d] as number;
      const to = end[d] as number;
      if (required.length > 0 && !hasAll(values, from, to, required)) continue;
      total++;
      let boost = 1;
      for (let i = from; i < to; i++) {
        const v = values[i] as number;
        tally[v] = (tally[v] as number) + 1;
        if (v === preferred) boost = PREFERRED_LANGUAGE_BOOST;
      }
      top.offer(scoreOf(d) * boost, d);
    }
    return { total, top: hitsOf(top.ids()), tally };
  }

  function collectMatches(
    m: Matches,
    q: Pick<SearchQuery, 'filters' | 'lang'>,
    k: number,
    tally: Uint32Array,
  ) {
    const { score, matched } = m;
    // Matches of more words (OR fallback) rank higher, as MiniSearch's quality factor does.
    return collect(m.ids, (d) => (score[d] as number) * (matched[d] as number), q, k, tally);
  }

  function run(q: Pick<SearchQuery, 'text' | 'filters' | 'lang'>, k: number, fields = ALL_FIELDS) {
    const terms = analyzed(q.text);
    const tally = facets.tally();
    if (terms.length === 0) return { total: 0, top: [], tally };
    const leaves = terms.map((t, i) => leaf(t, vocabulary, i === terms.length - 1));
    const score = (mode: ScoreRequest['mode']) => scoreMatches(lists, index, docs, { leaves, mode, fields });
    const strict = collectMatches(score('AND'), q, k, tally);
    // Like Meilisearch's matching strategy: when every word cannot match, rank partial matches.
    if (strict.total > 0 || terms.length === 1) return strict;
    return collectMatches(score('OR'), q, k, tally);
  }

  function browse(filters: SearchFilters, end: number): Ranked {
    // Newest first (equal times: the earlier indexed first); no language preference.
    const updatedAt = (d: number) => (docs[d] as SearchHit).updatedAt;
    const r = collect(live.values(), updatedAt, { filters, lang: '' }, end, facets.tally());
    return { top: r.top, total: r.total, facets: facets.counts(r.tally) };
  }

  function rank(q: SearchQuery, end: number): Ranked {
    const { top, total, tally } = run(q, end);
    return { top, total, facets: facets.counts(tally) };
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
    return run({ text, lang, filters: {} }, limit, TITLE_ONLY).top.map(toHit);
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

/** Takes an item out of the index (its postings go at MiniSearch's next vacuum). */
function discard(state: IndexState, id: string): void {
  const shortId = state.ids.get(id);
  if (shortId === undefined) return;
  state.index.discard(id);
  state.ids.delete(id);
  state.docs[shortId] = undefined;
  state.results.clear();
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
        const state = box.state;
        const row = toRow(doc, state.vocabulary);
        discard(state, row.id);
        const hit = storedHit(doc);
        const shortId = state.index.addRow(row);
        state.ids.set(row.id, shortId);
        state.docs[shortId] = hit;
        state.facets.record(shortId, hit);
        state.lists.added(shortId, row);
        state.results.clear();
      }
    },
    async remove(keys) {
      for (const key of keys) discard(box.state, entryId(key));
    },
    query: async (q) => searcher(box.state, analyzed, cacheResults).search(q),
    suggest: async (text, lang, limit) => searcher(box.state, analyzed, false).suggest(text, lang, limit),
    count: async () => box.state.ids.size,
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
