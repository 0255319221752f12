import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import { type Config, ConfigError } from './config';
import { catalogSources } from './modules/search/catalog.source';
import { buildSearch } from './modules/search/search.module';
import type { SearchEngine } from './modules/search/search.port';
import type { SearchSource } from './modules/search/search.source';
import type { SearchSync } from './modules/search/search.sync';
import { buildServices, type Services } from './services';
import { connectDatabase, pingDatabase, syncIndexes } from './shared/db';
import { createI18n } from './shared/i18n';
import type { Logger } from './shared/logger';

const READINESS_TIMEOUT_MS = 2000;

/** Everything a running server (or a test) holds: the app and what it is built on. */
export interface Runtime {
  readonly app: Express;
  readonly connection: Connection;
  readonly services: Services;
  readonly search: SearchEngine;
  /** Pushes content changes into the search index (in-process timer; see docs/search.md). */
  readonly searchSync: SearchSync;
  /** Closes search and the database connection. */
  close(): Promise<void>;
}

/** Every module whose content is searchable, as sync sources (also used by scripts/reindex.ts). */
export function searchSources(services: Services): SearchSource[] {
  return [...catalogSources(services.catalog.repositories), services.forum.searchSource];
}

/**
 * The one place that wires config → database → repositories → services → app. main.ts,
 * the scripts and the tests all call it. `dbName` overrides the URI's database (tests);
 * `searchEngine` replaces the configured engine (fault tests).
 */
export async function createRuntime(
  config: Config,
  logger: Logger,
  dbName?: string,
  searchEngine?: SearchEngine,
): Promise<Runtime> {
  if (!config.db.uri)
    throw new ConfigError(['MONGODB_URI: is required (npm start provides a local database)']);
  const connection = await connectDatabase({
    uri: config.db.uri,
    serverSelectionTimeoutMs: config.db.serverSelectionTimeoutMs,
    ...(dbName ? { dbName } : {}),
  });
  const services = buildServices(connection, config);
  // A startup failure (an index the database refuses) must not leave the connection open.
  await syncIndexes(connection).catch(async (err: unknown) => {
    await connection.close().catch(() => {});
    throw err;
  });
  const searchModule = buildSearch({
    connection,
    config: config.search,
    sources: searchSources(services),
    logger,
    ...(searchEngine ? { engine: searchEngine } : {}),
  });
  const search = searchModule.engine;
  const i18n = await createI18n(config.i18n.supportedLocales, config.i18n.defaultLocale);
  const app = createApp({
    config,
    logger,
    i18n,
    services,
    readiness: {
      database: () => pingDatabase(connection, READINESS_TIMEOUT_MS),
      search: () => search.health(),
    },
    readinessDetails: {
      searchSync: () => searchModule.readiness(),
      // This process's queued background work: growing under steady load means it falls behind.
      background: async () => ({ ...services.learning.backlog(), announcements: services.forum.backlog() }),
    },
    search: searchModule.service,
  });
  return {
    app,
    connection,
    services,
    search,
    searchSync: searchModule.sync,
    async close() {
      await searchModule.close();
      await connection.close();
    },
  };
}
