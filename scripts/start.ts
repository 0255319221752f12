import path from 'node:path';
import { ConfigError, loadConfig, withDatabaseUri } from '../server/config';
import { handleSignals, startServer } from '../server/main';
import type { Runtime } from '../server/runtime';
import { createLogger } from '../server/shared/logger';
import { launchDatabase } from './dev-db';
import { needsSeed, seedContent } from './seed';

/**
 * `npm start`: uses MONGODB_URI when given, else starts a local database (mongod or FerretDB)
 * with its data in DATA_DIR; seeds the sample content on first start; runs the server.
 */
async function start(): Promise<void> {
  const base = loadConfig();
  const logger = createLogger(base.log.level);
  const db = await launchDatabase({
    uri: base.db.uri,
    dataDir: path.resolve(base.dataDir),
    log: (m) => logger.info(m),
  });
  const config = withDatabaseUri(base, db.uri);
  // Seed before listening, so the first request (and /readyz) already sees the sample catalog.
  const seed = async ({ services }: Runtime) => {
    if (config.seedOnStart && (await needsSeed(services))) {
      logger.info({ seeded: await seedContent(services) }, 'sample content seeded');
    }
  };
  const running = await startServer(config, logger, seed).catch(async (err: unknown) => {
    await db.stop();
    throw err;
  });
  handleSignals(running, logger, db.stop);
  logger.info(`ready: ${running.url}  (try ${running.url}/readyz)`);
}

start().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `start failed: ${String(err)}`}\n`);
  process.exit(1);
});
