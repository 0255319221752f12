import type { Logger } from '../../shared/logger';
import type { SearchEngine } from './search.port';
import type { SearchSource } from './search.source';
import { createSearchSync, type SearchSync } from './search.sync';
import type { SearchSyncRepository } from './search-sync.repository';

export interface RebuildOptions {
  readonly engine: SearchEngine;
  readonly sources: readonly SearchSource[];
  readonly state: SearchSyncRepository;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** Called after each pushed batch with the number of items it indexed (progress bar). */
  readonly onBatch?: (items: number) => void;
}

export interface RebuildResult {
  /** Items in the new index when it was swapped in. */
  readonly indexed: number;
  /** Items the sources said were searchable at that moment. */
  readonly expected: number;
}

/** Thrown when the new index does not hold what the sources count: the live index is kept. */
export class RebuildIncompleteError extends Error {
  constructor(readonly result: RebuildResult) {
    super(`rebuilt index holds ${result.indexed} item(s), the database has ${result.expected} searchable`);
  }
}

// Writes made while the aside index fills are picked up by further passes; a few suffice.
const FILL_PASSES = 3;

const countSearchable = async (sources: readonly SearchSource[]) =>
  (await Promise.all(sources.map((s) => s.countSearchable?.() ?? 0))).reduce((a, b) => a + b, 0);

async function fill(sync: SearchSync, aside: SearchEngine, sources: readonly SearchSource[]) {
  let result: RebuildResult = { indexed: 0, expected: 0 };
  for (let pass = 0; pass < FILL_PASSES; pass++) {
    await sync.runOnce();
    result = { indexed: await aside.count(), expected: await countSearchable(sources) };
    if (result.indexed === result.expected) break;
  }
  return result;
}

/**
 * Zero-downtime reindex: builds a complete index aside (its own sync state, from version 0),
 * checks its count, swaps it in atomically, then lowers the live index's watermarks to what
 * the new index holds and starts a new sync generation, so every change written meanwhile
 * (even one a server pushed into the old index just before the swap) is pushed again.
 */
export async function rebuildIndex(o: RebuildOptions): Promise<RebuildResult> {
  const syncOf = (aside: SearchEngine) =>
    createSearchSync({
      engine: aside,
      sources: o.sources,
      state: o.state,
      logger: o.logger,
      ...(o.batchSize ? { batchSize: o.batchSize } : {}),
      ...(o.onBatch ? { onBatch: o.onBatch } : {}),
    });
  let result: RebuildResult = { indexed: 0, expected: 0 };
  let watermarks: Record<string, number> = {};
  await o.engine.settings();
  await o.engine.rebuild(async (aside) => {
    await o.state.reset(aside.indexId);
    try {
      result = await fill(syncOf(aside), aside, o.sources);
      watermarks = { ...(await o.state.get(aside.indexId))?.watermarks };
    } finally {
      await o.state.reset(aside.indexId);
    }
    if (result.indexed !== result.expected) throw new RebuildIncompleteError(result);
  });
  // The syncers of the live index (servers, worker) see the new generation on their next pass.
  await o.state.rewind(o.engine.indexId, watermarks);
  return result;
}
