import type { Connection } from 'mongoose';
import type { Logger } from '../../shared/logger';
import { createSearchEngine, type SearchConfig, type SearchEngine } from './search.port';
import { createSearchService, type SearchService } from './search.service';
import type { SearchSource } from './search.source';
import { createSearchSync, type SearchSync, type SyncStatus } from './search.sync';
import { createSearchSyncRepository } from './search-sync.repository';

export interface SearchModule {
  readonly engine: SearchEngine;
  readonly sync: SearchSync;
  readonly service: SearchService;
  /** Sync status for /readyz; never throws (an unreachable database shows as unknown). */
  readiness(): Promise<SyncStatus | { engine: string; status: 'unknown' }>;
  close(): Promise<void>;
}

export interface SearchModuleOptions {
  readonly connection: Connection;
  readonly config: SearchConfig;
  readonly sources: readonly SearchSource[];
  readonly logger: Logger;
  /** Start the in-process sync timer (the default; a separate worker may run it instead). */
  readonly startSync?: boolean;
  /** An engine built elsewhere instead of the configured one (fault tests wrap one to fail at will). */
  readonly engine?: SearchEngine;
}

/** Builds engine → sync job → service; one call from runtime.ts and from the scripts. */
export function buildSearch(o: SearchModuleOptions): SearchModule {
  const engine = o.engine ?? createSearchEngine(o.config);
  const sync = createSearchSync({
    engine,
    sources: o.sources,
    state: createSearchSyncRepository(o.connection),
    logger: o.logger.child({ module: 'search-sync' }),
  });
  if ((o.startSync ?? true) && o.sources.length > 0) sync.start();
  return {
    engine,
    sync,
    service: createSearchService({ engine }),
    readiness: () => sync.status().catch(() => ({ engine: engine.name, status: 'unknown' as const })),
    async close() {
      await sync.stop();
      await engine.close();
    },
  };
}
