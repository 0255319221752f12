import type { LocalizedText } from '../../shared/localized';
import { createEmbeddedEngine } from './embedded.engine';
import { createMeiliEngine } from './meili.engine';

/** Kinds of searchable content; forum threads join once the forum exists. */
export const SEARCH_TYPES = ['course', 'resource', 'credential', 'thread'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The facets every result page counts. */
export const FACETS = ['type', 'audience', 'topic', 'collection', 'lang'] as const;
export type FacetName = (typeof FACETS)[number];
export type FacetCounts = Record<FacetName, Record<string, number>>;

/** What a source hands to the index: one published, visible item in all its languages. */
export interface SearchDocument {
  readonly type: SearchType;
  readonly slug: string;
  readonly sourceLanguage: string;
  readonly title: LocalizedText;
  readonly summary: LocalizedText;
  /** Longer text that is searched but never returned (description, lesson text, post body). */
  readonly body: LocalizedText;
  readonly audience: readonly string[];
  readonly topics: readonly string[];
  readonly collection: string | null;
  readonly updatedAt: Date;
}

/** Identifies one indexed item. */
export interface SearchKey {
  readonly type: SearchType;
  readonly slug: string;
}

export interface SearchFilters {
  readonly type?: SearchType | undefined;
  readonly audience?: string | undefined;
  readonly topic?: string | undefined;
  readonly collection?: string | undefined;
}

export interface SearchQuery {
  /** Free text; empty means "browse": every match of the filters, newest first. */
  readonly text: string;
  readonly filters: SearchFilters;
  /** The reader's language: items written in it rank a little higher. */
  readonly lang: string;
  readonly page: number;
  readonly pageSize: number;
}

/** One result: the stored display fields of an item (all languages) and its score. */
export interface SearchHit {
  readonly type: SearchType;
  readonly slug: string;
  readonly sourceLanguage: string;
  readonly title: LocalizedText;
  readonly summary: LocalizedText;
  readonly audience: readonly string[];
  readonly topics: readonly string[];
  readonly collection: string | null;
  readonly langs: readonly string[];
  readonly updatedAt: number;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly total: number;
  readonly facets: FacetCounts;
}

/**
 * The search port. Both engines index the terms produced by the shared analysis
 * (analysis/analyzer.ts), so they agree on normalization, stemming and synonyms. Methods
 * other than health() throw AppError('search_unavailable') when the engine cannot answer.
 */
export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** Names this index for the sync state: the same index ⇔ the same id. */
  readonly indexId: string;
  /** Creates the index if needed and applies settings; a no-op when they already match. */
  settings(): Promise<void>;
  upsert(docs: readonly SearchDocument[]): Promise<void>;
  remove(keys: readonly SearchKey[]): Promise<void>;
  query(q: SearchQuery): Promise<SearchResult>;
  /** As-you-type: items whose title matches `text`, the last word as a prefix. */
  suggest(text: string, lang: string, limit: number): Promise<readonly SearchHit[]>;
  /** Number of indexed items (reindex's final check). */
  count(): Promise<number>;
  /** Drops every item (reindex from scratch). */
  clear(): Promise<void>;
  /**
   * Zero-downtime rebuild: `fill` writes a complete new index into `aside` while this one keeps
   * serving, then the new index replaces the live one in one atomic step. If `fill` throws, the
   * live index is left as it was.
   */
  rebuild(fill: (aside: SearchEngine) => Promise<void>): Promise<void>;
  /** Resolves true when the engine can serve queries; never throws. */
  health(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SearchConfig {
  readonly meiliUrl: string | undefined;
  readonly meiliApiKey: string | undefined;
}

/** Picks Meilisearch when MEILI_URL is set, else the in-process engine. */
export function createSearchEngine(config: SearchConfig): SearchEngine {
  if (config.meiliUrl) {
    return createMeiliEngine(config.meiliUrl, config.meiliApiKey);
  }
  return createEmbeddedEngine();
}
