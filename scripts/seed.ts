import path from 'node:path';
import { loadConfig } from '../server/config';
import { type SeedCounts, seedCatalog } from '../server/modules/catalog/catalog.seed';
import { buildServices, type Services } from '../server/services';
import { connectDatabase } from '../server/shared/db';
import { PROJECT_ROOT } from '../server/shared/paths';

/** The sample catalog shipped with the project. */
export const CONTENT_DIR = path.join(PROJECT_ROOT, 'content');

/**
 * Loads a content directory (default: content/) into the database; idempotent (upserts by
 * slug, unchanged items keep their version). A bad file fails with its name and every issue.
 */
export async function seedContent(services: Services, dir: string = CONTENT_DIR): Promise<SeedCounts> {
  return seedCatalog(services.catalog, services.repositories.collections, dir);
}

/** True when the database has no catalog yet (first start). */
export async function needsSeed(services: Services): Promise<boolean> {
  return (await services.catalog.repositories.courses.count({})) === 0;
}

if (require.main === module) {
  // `npm run seed` against MONGODB_URI.
  (async () => {
    const config = loadConfig();
    if (!config.db.uri) throw new Error('MONGODB_URI is required for npm run seed');
    const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
    const counts = await seedContent(buildServices(connection));
    process.stdout.write(`seeded ${JSON.stringify(counts)}\n`);
    await connection.close();
  })().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${String(err)}\n`);
    process.exit(1);
  });
}
