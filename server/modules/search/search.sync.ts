import { randomUUID } from 'node:crypto';
import type { Logger } from '../../shared/logger';
import type { SearchDocument, SearchEngine, SearchKey } from './search.port';
import type { SearchSource, SourceChange } from './search.source';
import type { SearchSyncRepository } from './search-sync.repository';

export interface SearchSyncOptions {
  readonly engine: SearchEngine;
  readonly sources: readonly SearchSource[];
  readonly state: SearchSyncRepository;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly batchSize?: number;
  /** Pause between runs while healthy. */
  readonly intervalMs?: number;
  /** Longest pause between retries while the engine is failing. */
  readonly maxBackoffMs?: number;
  /**
   * How many searchVersions below the watermark are read again on each run: a writer takes its
   * number before it commits, so a slow commit can land below a watermark already passed.
   */
  readonly lookback?: number;
  /** Called after each pushed batch with the number of items it indexed (reindex's progress bar). */
  readonly onBatch?: (items: number) => void;
}

/** What /readyz shows about the sync. */
export interface SyncStatus {
  readonly engine: string;
  /** Seconds since the oldest change the index does not have yet was written (0 when current). */
  readonly lagSeconds: number;
  readonly pending: boolean;
  readonly lastSuccessAt: string | null;
  readonly failures: number;
}

export interface SearchSync {
  /** Runs in the background (timer; retries with exponential backoff). */
  start(): void;
  stop(): Promise<void>;
  /**
   * One pass over every source until caught up; throws if the engine fails (nothing is lost).
   * `withLookback: false` is a background pass: no re-read below the watermark, and sources whose
   * counter is at the watermark are not read at all.
   */
  runOnce(withLookback?: boolean): Promise<{ upserted: number; removed: number }>;
  status(): Promise<SyncStatus>;
}

const LEASE_TTL_MS = 30_000;
const IDLE_RECORD_MS = 30_000;
// Background passes re-read the lookback window one time in ten; explicit runs always do.
const LOOKBACK_EVERY = 10;
const EMBEDDED_LEFTOVER_MS = 24 * 3600_000;

/** The sync job: pushes every change newer than the index's watermark, never dropping one. */
export function createSearchSync(o: SearchSyncOptions): SearchSync {
  const clock = o.clock ?? (() => new Date());
  const batchSize = o.batchSize ?? 200;
  const intervalMs = o.intervalMs ?? 1000;
  const maxBackoffMs = o.maxBackoffMs ?? 60_000;
  const lookback = o.lookback ?? 100;
  const owner = randomUUID();
  const indexId = o.engine.indexId;
  // Versions this process pushed recently, so the lookback does not push them again.
  const pushed = new Map<string, number>();
  let generation = 0;
  let settingsApplied = false;
  let running: Promise<{ upserted: number; removed: number }> | null = null;
  let queued: Promise<{ upserted: number; removed: number }> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let failures = 0;
  let ticks = 0;
  // Renewed at half its life, and success recorded at most every 30 s while idle, so an idle
  // pass only reads (a few indexed queries), whatever the number of processes.
  let leaseUntil = 0;
  let recordedAt = 0;

  const isPushed = (key: SearchKey, searchVersion: number) =>
    pushed.get(`${key.type}:${key.slug}`) === searchVersion;

  async function push(changes: readonly SourceChange[]) {
    const fresh = changes.filter((c) => !isPushed(c.key, c.searchVersion));
    const upserts = fresh.flatMap((c) => (c.document ? [c.document] : [])) as SearchDocument[];
    const removals = fresh.flatMap((c) => (c.document ? [] : [c.key])) as SearchKey[];
    await o.engine.upsert(upserts);
    await o.engine.remove(removals);
    for (const c of fresh) pushed.set(`${c.key.type}:${c.key.slug}`, c.searchVersion);
    return { upserted: upserts.length, removed: removals.length };
  }

  async function syncSource(source: SearchSource, watermark: number, withLookback: boolean) {
    const total = { upserted: 0, removed: 0 };
    // Nothing newer than the watermark was handed out: only a lookback pass has anything to read
    // (a version taken earlier whose write landed late, or one a racing writer stamped past it).
    const latest = source.latestVersion ? await source.latestVersion() : null;
    if (!withLookback && latest !== null && latest <= watermark) return total;
    let from = withLookback ? Math.max(0, watermark - lookback) : watermark;
    for (;;) {
      const changes = await source.changedSince(from, batchSize, isPushed);
      if (changes.length === 0) break;
      const r = await push(changes);
      o.onBatch?.(r.upserted);
      total.upserted += r.upserted;
      total.removed += r.removed;
      from = changes.at(-1)?.searchVersion ?? from;
      if (from > watermark) await o.state.advance(indexId, source.type, from, generation);
      if (changes.length < batchSize) break;
    }
    // Caught up to the counter as read before the change query. The catalog's sources share one
    // counter, so the last version handed out is often another type's: without this, a source
    // whose own newest change is older would be re-read on every pass. A version of this type at
    // or below `latest` that had not landed yet is what the lookback passes are for, as when a
    // batch of later changes moves the watermark past it.
    if (latest !== null && latest > from && latest > watermark) {
      await o.state.advance(indexId, source.type, latest, generation);
      from = latest;
    }
    for (const [k, v] of pushed)
      if (k.startsWith(`${source.type}:`) && v <= from - lookback) pushed.delete(k);
    return total;
  }

  async function holdLease(): Promise<boolean> {
    const now = clock().getTime();
    if (now < leaseUntil - LEASE_TTL_MS / 2) return true;
    const held = await o.state.acquireLease(indexId, owner, new Date(now), LEASE_TTL_MS);
    leaseUntil = held ? now + LEASE_TTL_MS : 0;
    return held;
  }

  async function pass(withLookback: boolean) {
    if (!(await holdLease())) return { upserted: 0, removed: 0 };
    if (!settingsApplied) {
      await o.engine.settings();
      settingsApplied = true;
    }
    const state = await o.state.get(indexId);
    if ((state?.generation ?? 0) !== generation) {
      // A rebuild swapped the index: what this process pushed went to the old one.
      pushed.clear();
      generation = state?.generation ?? 0;
    }
    const total = { upserted: 0, removed: 0 };
    for (const source of o.sources) {
      const r = await syncSource(source, state?.watermarks[source.type] ?? 0, withLookback);
      total.upserted += r.upserted;
      total.removed += r.removed;
    }
    const now = clock();
    if (
      total.upserted + total.removed > 0 ||
      (state?.failures ?? 0) > 0 ||
      now.getTime() - recordedAt > IDLE_RECORD_MS
    ) {
      await o.state.recordSuccess(indexId, now);
      recordedAt = now.getTime();
    }
    return total;
  }

  // One pass at a time per process. A call made while a pass runs gets the next pass, so it
  // sees every write made before the call (sharing the running pass could miss them).
  function runOnce(withLookback = true): Promise<{ upserted: number; removed: number }> {
    if (!running) {
      running = pass(withLookback).finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = null;
        return runOnce(withLookback);
      });
    return queued;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const r = await runOnce(ticks++ % LOOKBACK_EVERY === 0);
        failures = 0;
        if (r.upserted + r.removed > 0) o.logger.info({ ...r, indexId }, 'search sync pushed changes');
      } catch (err) {
        failures++;
        await o.state.recordFailure(indexId).catch(() => {});
        o.logger.warn({ err, failures, indexId }, 'search sync failed; will retry');
      }
      schedule(failures === 0 ? intervalMs : backoff(failures, intervalMs, maxBackoffMs));
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      o.state.sweepEmbedded(new Date(clock().getTime() - EMBEDDED_LEFTOVER_MS)).catch(() => {});
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
      // An embedded index dies with its process, and so does its progress.
      if (o.engine.name === 'embedded') await o.state.reset(indexId).catch(() => {});
    },
    runOnce,
    async status() {
      const state = await o.state.get(indexId);
      let oldest: Date | null = null;
      for (const source of o.sources) {
        const watermark = state?.watermarks[source.type] ?? 0;
        // Nothing handed out past the watermark: nothing pending (one read by _id, no query).
        if (source.latestVersion && (await source.latestVersion()) <= watermark) continue;
        const [next] = await source.changedSince(watermark, 1);
        if (next && (!oldest || next.changedAt < oldest)) oldest = next.changedAt;
      }
      return {
        engine: o.engine.name,
        lagSeconds: oldest ? Math.max(0, Math.round((clock().getTime() - oldest.getTime()) / 1000)) : 0,
        pending: oldest !== null,
        lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
        failures: state?.failures ?? 0,
      };
    },
  };
}

/** Exponential backoff with jitter: interval × 2^failures, capped, ±20 %. */
export function backoff(failures: number, intervalMs: number, maxMs: number): number {
  const base = Math.min(maxMs, intervalMs * 2 ** Math.min(failures, 20));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
