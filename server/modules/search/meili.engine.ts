import { Meilisearch } from 'meilisearch';
import type { SearchEngine } from './search.port';

const HEALTH_TIMEOUT_MS = 2000;

/** Meilisearch through the official client. */
export function createMeiliEngine(host: string, apiKey: string | undefined): SearchEngine {
  const client = new Meilisearch({ host, ...(apiKey ? { apiKey } : {}), timeout: HEALTH_TIMEOUT_MS });
  return {
    name: 'meilisearch',
    health: async () => {
      try {
        return await client.isHealthy();
      } catch {
        return false;
      }
    },
    close: async () => {},
  };
}
