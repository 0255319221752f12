import { loadConfig } from '../server/config';
import { createSearchEngine } from '../server/modules/search/search.port';
import { createSearchSync } from '../server/modules/search/search.sync';
import { createSearchSyncRepository } from '../server/modules/search/search-sync.repository';
import { searchSources } from '../server/runtime';
import { buildServices } from '../server/services';
import { connectDatabase } from '../server/shared/db';
import { createLogger } from '../server/shared/logger';

/**
 * `npm run reindex`: rebuilds the search index from the database (settings, clear, push every
 * searchable item) with a progress bar, then checks the index holds exactly the searchable
 * count. Against Meilisearch this rebuilds the shared index; with the embedded engine (whose
 * index lives inside each server and is rebuilt at start) it verifies a full rebuild.
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
    const expected = (await Promise.all(sources.map((s) => s.countSearchable?.() ?? 0))).reduce(
      (a, b) => a + b,
      0,
    );
    await engine.settings();
    await engine.clear();
    await state.reset(engine.indexId);
    let done = 0;
    const sync = createSearchSync({
      engine,
      sources,
      state,
      logger,
      onBatch: (n) => {
        done += n;
        progress(done, expected);
      },
    });
    const r = await sync.runOnce();
    const indexed = await engine.count();
    process.stdout.write(
      `\n${engine.name}: pushed ${r.upserted} item(s), index holds ${indexed}, database has ${expected} searchable\n`,
    );
    if (engine.name === 'embedded') {
      process.stdout.write(
        'note: the embedded index lives in each server process and is rebuilt when it starts\n',
      );
      await sync.stop();
    }
    return indexed === expected ? 0 : 1;
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
