import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../server/config';
import { buildServices, type Services } from '../server/services';
import { connectDatabase } from '../server/shared/db';
import { PROJECT_ROOT } from '../server/shared/paths';

const LocalizedText = z.record(z.string(), z.string().min(1));
const CollectionSeed = z.array(
  z.strictObject({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    sourceLanguage: z.string(),
    title: LocalizedText,
    description: LocalizedText,
  }),
);

/** Loads the sample catalog from content/ into the database; idempotent (upserts by slug). */
export async function seedContent(services: Services): Promise<{ collections: number }> {
  const file = path.join(PROJECT_ROOT, 'content', 'collections.json');
  const collections = CollectionSeed.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const c of collections) await services.repositories.collections.upsert(c);
  return { collections: collections.length };
}

/** True when the database has no catalog yet (first start). */
export async function needsSeed(services: Services): Promise<boolean> {
  return (await services.repositories.collections.list()).length === 0;
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
