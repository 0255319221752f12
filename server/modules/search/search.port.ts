import { createEmbeddedEngine } from './embedded.engine';
import { createMeiliEngine } from './meili.engine';

/**
 * The search port. This foundation slice carries only what readiness needs; indexing and
 * querying are added with the search feature, behind the same two engines.
 */
export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
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
