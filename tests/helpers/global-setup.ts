import { launchDatabase } from '../../scripts/dev-db';

/** Starts one database server for the whole run (or uses MONGODB_URI) and shares its URI. */
export default async function globalSetup(): Promise<void> {
  const db = await launchDatabase({ uri: process.env.MONGODB_URI, log: () => {} });
  process.env.TEST_MONGODB_URI = db.uri;
  (globalThis as { __learningHubDb?: typeof db }).__learningHubDb = db;
}
