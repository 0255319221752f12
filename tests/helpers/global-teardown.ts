import type { LaunchedDatabase } from '../../scripts/dev-db';

/** Stops the database server started by global-setup. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __learningHubDb?: LaunchedDatabase }).__learningHubDb?.stop();
}
