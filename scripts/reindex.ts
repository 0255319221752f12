import { loadConfig } from '../server/config';
import { createSearchEngine } from '../server/modules/search/search.port';
import { RebuildIncompleteError, rebuildIndex } from '../server/modules/search/search.reindex';
import { createSearchSyncRepository } from '../server/modules/search/search-sync.repository';
import { searchSources } from '../server/runtime';
import { buildServices } from '../server/services';
import { connectDatabase } from '../server/shared/db';
import { createLogger } from '../server/shared/logger';

/**
 * `npm run reindex`: rebuilds the search index from the database without downtime: a complete
 * new index is built aside (Meilisearch: `<index>_rebuild`, then swapIndexes; embedded: a new
 * in-memory index swapped in by reference) with a progress bar, its count is checked against
 * the searchable count, and only then does it replace the live one (exit code 1 otherwise,
 * with the live index untouched). The embedded index lives inside each server process and is
 * rebuilt when it starts, so against it this verifies a full rebuild.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.db.uri) throw new Error('MONGODB_URI is required for npm run reindex');
  const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  try {
    const sources = searchSources(buildServices(connection, config));
    const engine = createSearchEngine(config.search);
    const state = createSearchSyncRepository(connection);
    const total = (await Promise.all(sources.map((s) => s.countSearchable?.() ?? 0))).reduce(
      (a, b) => a + b,
      0,
    );
    let done = 0;
    try {
      const r = await rebuildIndex({
        engine,
        sources,
        state,
        logger,
        onBatch: (n) => {
          done += n;
          progress(done, total);
        },
      });
      process.stdout.write(
        `\n${engine.name}: new index swapped in, holds ${r.indexed}, database has ${r.expected} searchable\n`,
      );
    } catch (err) {
      if (!(err instanceof RebuildIncompleteError)) throw err;
      process.stdout.write(`\n${engine.name}: ${err.message}; the live index was kept\n`);
      return 1;
    }
    if (engine.name === 'embedded')
      process.stdout.write(
        'note: the embedded index lives in each server process and is rebuilt when it starts\n',
      );
    return 0;
  } finally {
    await connection.close();
  }
}

/** A one-line progress bar on stderr (items pushed so far out of the searchable count). */
function progress(done: number, total: number): void {
  const width = 30;
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`\nreindex failed: ${String(err)}\n`);
    process.exit(1);
  },
);
