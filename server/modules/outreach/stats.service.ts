import { createHmac } from 'node:crypto';
import { dayBucket } from './buckets';
import type { EventType, StoredDimension } from './outreach.vocabulary';
import type { Regions } from './regions';
import { countIncrements, distinctIncrements, type Increment, markerCandidates } from './rollup.plan';
import type { StatsEventDoc } from './stats.model';
import type { StatsRepository } from './stats.repository';

/**
 * What a feature module passes to `recordEvent`. `id` is the idempotency key: the same id twice
 * counts once (e.g. `enrolment:<enrolmentId>`, `attended:<eventId>:<userKey>`). `userKey` is a
 * pseudonym from `stats.pseudonym(userId)`; never an id, email or name.
 */
export interface StatsEventInput extends Partial<Record<StoredDimension, string | null>> {
  readonly id: string;
  readonly type: EventType;
  readonly occurredAt: Date;
  readonly userKey?: string | null;
  readonly credential?: string | null;
  readonly path?: string | null;
}

export interface StatsService {
  /** Appends the event and updates the rollups exactly once; `recorded: false` for a replay. */
  recordEvent(event: StatsEventInput): Promise<{ recorded: boolean }>;
  /**
   * `recordEvent` for several events at once: each rollup document they touch gets ONE update for
   * all of them (the sum), so a batch costs about as many writes as one event. Same guarantees.
   */
  recordEvents(events: readonly StatsEventInput[]): Promise<{ recorded: number }>;
  /** The stable pseudonym of a user for statistics (HMAC of the user id). */
  pseudonym(userId: string): string;
  /** Finishes events a crashed writer left half-applied; returns how many it finished. */
  sweep(limit?: number): Promise<number>;
}

export interface StatsServiceDeps {
  readonly repo: StatsRepository;
  readonly regions: Regions;
  readonly timezone: string;
  readonly pseudonymSecret: string;
  readonly clock?: () => Date;
  /** How long a writer owns an unfinished event before the sweep may take it over. */
  readonly leaseMs?: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/** The write side of outreach statistics: event log + rollups, exactly once per event id. */
export function createStatsService(deps: StatsServiceDeps): StatsService {
  const { repo, regions } = deps;
  const clock = deps.clock ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  /** Resumes an event from its state; every step is idempotent, so resuming twice is harmless. */
  async function finish(ev: StatsEventDoc): Promise<void> {
    const owned = await repo.claimMarkers(ev._id, markerCandidates(ev, regions));
    const incs: Increment[] = [...countIncrements(ev), ...distinctIncrements(owned)];
    if (ev.state === 'pending') {
      await Promise.all(incs.map((inc) => repo.applyOnce(ev._id, inc)));
      await repo.setState(ev._id, 'applied');
    }
    await repo.release(ev._id, incs);
    await repo.setState(ev._id, 'done');
  }

  async function recordEvent(input: StatsEventInput): Promise<{ recorded: boolean }> {
    const now = clock();
    const doc = toEventDoc(input, deps.timezone, now, new Date(now.getTime() + leaseMs));
    if (!(await repo.insertEvent(doc))) return { recorded: false };
    await finish(doc);
    return { recorded: true };
  }

  return {
    recordEvent,
    async recordEvents(inputs) {
      if (inputs.length <= 1) {
        const [one] = inputs;
        return { recorded: one && (await recordEvent(one)).recorded ? 1 : 0 };
      }
      const now = clock();
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const docs = inputs.map((input) => toEventDoc(input, deps.timezone, now, leaseUntil));
      const fresh = await repo.insertEvents(docs);
      const events = docs.filter((d) => fresh.has(d._id));
      if (events.length === 0) return { recorded: 0 };
      const groups = new Map<string, { eventId: string; inc: Increment }[]>();
      for (const ev of events) {
        const owned = await repo.claimMarkers(ev._id, markerCandidates(ev, regions));
        for (const inc of [...countIncrements(ev), ...distinctIncrements(owned)]) {
          const key = `${inc.coll}:${inc.id}`;
          groups.set(key, [...(groups.get(key) ?? []), { eventId: ev._id, inc }]);
        }
      }
      const ids = events.map((e) => e._id);
      await Promise.all([...groups.values()].map((g) => repo.applyGroup(g)));
      await repo.setStates(ids, 'applied');
      await Promise.all(
        [...groups.values()].map((g) =>
          repo.releaseGroup(
            g.map((x) => x.eventId),
            g[0]?.inc as Increment,
          ),
        ),
      );
      await repo.setStates(ids, 'done');
      return { recorded: events.length };
    },
    pseudonym(userId) {
      return createHmac('sha256', deps.pseudonymSecret)
        .update(`user:${userId}`)
        .digest('base64url')
        .slice(0, 22);
    },
    async sweep(limit = 1000) {
      const now = clock();
      const stale = await repo.claimStale(now, new Date(now.getTime() + leaseMs), limit);
      for (const ev of stale) await finish(ev);
      return stale.length;
    },
  };
}

/** The stored form of an event: every dimension present (null when absent), day fixed now. */
export function toEventDoc(input: StatsEventInput, tz: string, now: Date, leaseUntil: Date): StatsEventDoc {
  return {
    _id: input.id,
    type: input.type,
    occurredAt: input.occurredAt,
    day: dayBucket(input.occurredAt, tz),
    userKey: input.userKey ?? null,
    course: input.course ?? null,
    collection: input.collection ?? null,
    cohort: input.cohort ?? null,
    series: input.series ?? null,
    event: input.event ?? null,
    country: input.country ?? null,
    language: input.language ?? null,
    audience: input.audience ?? null,
    gender: input.gender ?? null,
    credential: input.credential ?? null,
    path: input.path ?? null,
    state: 'pending',
    leaseUntil,
    recordedAt: now,
  };
}
