import type { SearchEngine } from './search.port';

/** The in-process engine: always available while the process runs. */
export function createEmbeddedEngine(): SearchEngine {
  return {
    name: 'embedded',
    health: async () => true,
    close: async () => {},
  };
}
