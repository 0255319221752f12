import { randomUUID } from 'node:crypto';
import MiniSearch, { type SearchResult as MiniResult, type Query } from 'minisearch';
import { analyzeQuery, type QueryTerm, typoBudget } from './analysis/analyzer';
import { countFacets, emptyFacets, entryId, type IndexEntry, toEntry, toHit } from './search.document';
import type { SearchEngine, SearchFilters, SearchHit, SearchQuery, SearchResult } from './search.port';

const STORED: (keyof IndexEntry)[] = [
  'type',
  'slug',
  'sourceLanguage',
  'title',
  'summary',
  'audience',
  'topics',
  'collection',
  'langs',
  'updatedAt',
];
const BOOST = { s_title: 3, s_summary: 1.5, s_body: 1 };
// Prefix-matching a two-letter word would match half the vocabulary.
const MIN_PREFIX_LENGTH = 3;
const PREFERRED_LANGUAGE_BOOST = 1.2;
// Indexing is CPU work on the server's event loop: let requests through between small slices.
const YIELD_EVERY = 25;
const hasFilters = (f: SearchFilters) => Boolean(f.type || f.audience || f.topic || f.collection);

function newIndex(): MiniSearch<IndexEntry> {
  return new MiniSearch<IndexEntry>({
    fields: ['s_title', 's_summary', 's_body'],
    storeFields: STORED,
    // Entries hold analyzed terms already (shared analysis): split on spaces, keep as is.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
  });
}

function leaf(term: QueryTerm, prefix: boolean): Query {
  if (term.kind === 'synonym') return term.term;
  const surface: Query = {
    queries: [term.surface],
    fuzzy: typoBudget(term),
    prefix: prefix && [...term.surface].length >= MIN_PREFIX_LENGTH,
  };
  return term.stem === term.surface ? surface : { combineWith: 'OR', queries: [term.stem, surface] };
}

/** The query tree: every word must match (by stem, or by surface with typos / as a prefix). */
function queryTree(terms: readonly QueryTerm[], combineWith: 'AND' | 'OR', lastIsPrefix: boolean): Query {
  return {
    combineWith,
    queries: terms.map((t, i) => leaf(t, lastIsPrefix && i === terms.length - 1)),
  };
}

function matchesFilters(hit: SearchHit, f: SearchFilters): boolean {
  return (
    (!f.type || hit.type === f.type) &&
    (!f.audience || hit.audience.includes(f.audience)) &&
    (!f.topic || hit.topics.includes(f.topic)) &&
    (!f.collection || hit.collection === f.collection)
  );
}

/**
 * Items written in the reader's language rank a little higher. Applied to the scored list
 * rather than per term inside MiniSearch (boostDocument), which costs a call per posting.
 */
function preferLanguage(results: MiniResult[], lang: string): MiniResult[] {
  for (const r of results) if ((r.langs as string[]).includes(lang)) r.score *= PREFERRED_LANGUAGE_BOOST;
  return results.sort((a, b) => b.score - a.score);
}

/**
 * The in-process engine (MiniSearch): always available while the process runs. It lives in
 * memory and is rebuilt on start by the sync job (a fresh indexId means a fresh watermark).
 */
export function createEmbeddedEngine(): SearchEngine {
  let index = newIndex();

  function run(text: string, q: Pick<SearchQuery, 'filters' | 'lang'>, fields?: string[]): MiniResult[] {
    const terms = analyzeQuery(text);
    if (terms.length === 0) return [];
    const options = {
      boost: BOOST,
      ...(fields ? { fields } : {}),
      ...(hasFilters(q.filters)
        ? { filter: (r: MiniResult) => matchesFilters(r as unknown as SearchHit, q.filters) }
        : {}),
    };
    const strict = index.search(queryTree(terms, 'AND', true), options);
    // Like Meilisearch's matching strategy: when every word cannot match, rank partial matches.
    const results =
      strict.length > 0 || terms.length === 1 ? strict : index.search(queryTree(terms, 'OR', true), options);
    return preferLanguage(results, q.lang);
  }

  function browse(filters: SearchFilters): SearchHit[] {
    const all = index.search(MiniSearch.wildcard, {
      filter: (r) => matchesFilters(r as unknown as SearchHit, filters),
    }) as unknown as SearchHit[];
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  return {
    name: 'embedded',
    indexId: `embedded-${randomUUID()}`,
    settings: async () => {},
    async upsert(docs) {
      for (const [i, doc] of docs.entries()) {
        if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
        const entry = toEntry(doc);
        if (index.has(entry.id)) index.discard(entry.id);
        index.add(entry);
      }
    },
    async remove(keys) {
      for (const key of keys) {
        const id = entryId(key);
        if (index.has(id)) index.discard(id);
      }
    },
    async query(q): Promise<SearchResult> {
      const all = q.text.trim() === '' ? browse(q.filters) : (run(q.text, q) as unknown as SearchHit[]);
      const facets = emptyFacets();
      for (const hit of all) countFacets(facets, hit);
      const start = (q.page - 1) * q.pageSize;
      return { hits: all.slice(start, start + q.pageSize).map(toHit), total: all.length, facets };
    },
    async suggest(text, lang, limit) {
      const hits = run(text, { filters: {}, lang }, ['s_title']) as unknown as SearchHit[];
      return hits.slice(0, limit).map(toHit);
    },
    count: async () => index.documentCount,
    async clear() {
      index = newIndex();
    },
    health: async () => true,
    close: async () => {},
  };
}
