import { loadConfig } from '../server/config';
import { buildSearch } from '../server/modules/search/search.module';
import { searchSources } from '../server/runtime';
import { buildServices } from '../server/services';
import { connectDatabase } from '../server/shared/db';
import { createLogger } from '../server/shared/logger';

/**
 * `npm run worker:search`: the search sync as its own process (production with Meilisearch).
 * Servers may keep their in-process sync: a lease in MongoDB lets one syncer work at a time.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.log.level);
  if (!config.search.meiliUrl) {
    logger.error('MEILI_URL is not set: the embedded index lives inside each server, which syncs it itself');
    process.exit(2);
  }
  if (!config.db.uri) throw new Error('MONGODB_URI is required for the search worker');
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  const search = buildSearch({
    connection,
    config: config.search,
    sources: searchSources(buildServices(connection, config)),
    logger,
  });
  logger.info({ engine: search.engine.name }, 'search worker started');
  const stop = async () => {
    await search.close();
    await connection.close();
    logger.info('search worker stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`search worker failed: ${String(err)}\n`);
  process.exit(1);
});
