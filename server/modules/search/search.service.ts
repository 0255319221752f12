import { analyzeQuery, type QueryTerm } from './analysis/analyzer';
import type { SearchEngine, SearchHit, SearchResult } from './search.port';
import type { SearchQueryInput } from './search.schemas';

/** A page of results plus the analyzed query (the presenter highlights with it). */
export interface SearchPage extends SearchResult {
  readonly terms: readonly QueryTerm[];
  readonly page: number;
  readonly pageSize: number;
}

export interface SearchService {
  /** Searches published content; no `q` browses with the filters, newest first. */
  search(input: SearchQueryInput, lang: string): Promise<SearchPage>;
  suggest(
    q: string,
    lang: string,
    limit: number,
  ): Promise<{ terms: QueryTerm[]; hits: readonly SearchHit[] }>;
}

/** Search over the engine; only published, visible items are ever indexed (see the sync job). */
export function createSearchService({ engine }: { engine: SearchEngine }): SearchService {
  return {
    async search(input, lang) {
      const text = input.q?.trim() ?? '';
      const result = await engine.query({
        text,
        lang,
        page: input.page,
        pageSize: input.pageSize,
        filters: {
          type: input.type,
          audience: input.audience,
          topic: input.topic,
          collection: input.collection,
        },
      });
      return { ...result, terms: analyzeQuery(text), page: input.page, pageSize: input.pageSize };
    },
    async suggest(q, lang, limit) {
      return { terms: analyzeQuery(q), hits: await engine.suggest(q.trim(), lang, limit) };
    },
  };
}
