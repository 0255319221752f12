import { type Pacer, unpaced } from './background.pacing';
import type { Fact, FactRepository } from './fact.repository';
import type { EventSink } from './learning-events';

/** What delivery does around the event log, per fact. */
export interface OutboxHooks {
  /** Side effects that must happen before the event counts (e.g. issuing credentials). */
  beforeRecord(fact: Fact): Promise<void>;
  /**
   * Sweep only: whether the state the fact announces exists. A fact is written before the
   * document it describes (enrolment, issued credential); a crash in between leaves a fact to
   * drop (`false`) or to complete inside this hook.
   */
  confirm(fact: Fact): Promise<boolean>;
}

/** Delivers learning facts' events to the sink, exactly once as far as the sink is concerned. */
export interface Outbox {
  deliver(facts: readonly Fact[]): Promise<void>;
  /**
   * Delivers in the background, off the request path (recording a statistics event costs
   * several writes): one queue per process, drained by a single worker in batches, so a burst of
   * requests does not start a burst of parallel deliveries competing with them for the database.
   * The facts are already durable: a crash, or a queue beyond its bound, only delays them to the
   * sweep.
   */
  deliverLater(facts: readonly Fact[]): void;
  /** deliverIds in the background. */
  deliverIdsLater(ids: readonly string[]): void;
  /** Resolves once every background delivery started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Facts queued for background delivery plus deliveries running (/readyz). */
  backlog(): number;
  /** Delivers the facts with these ids if still undelivered. */
  deliverIds(ids: readonly string[]): Promise<void>;
  /** Delivers what a crash left behind: facts undelivered for `graceMs`. Returns how many. */
  sweep(now: Date, graceMs: number, limit?: number): Promise<number>;
}

/** Facts queued for background delivery at most (beyond it the sweep delivers them). */
const MAX_QUEUED = 10_000;
/** Facts per background delivery (one `markDelivered` write each). */
const BATCH = 50;

/**
 * The outbox protocol: a fact and its event are one inserted document; delivery runs the hooks,
 * records the event (idempotent by id) and only then marks the fact delivered, so a crash at any
 * point leaves either nothing to do or a replay that counts once.
 */
export function createOutbox(
  facts: FactRepository,
  sink: EventSink,
  hooks: OutboxHooks,
  onError: (err: unknown) => void,
  pacer: Pacer = unpaced,
): Outbox {
  const inFlight = new Set<Promise<void>>();
  const queue: Fact[] = [];
  let draining = false;
  const deliver = async (batch: readonly Fact[]) => {
    const pending = batch.filter((f) => !f.delivered);
    if (pending.length === 0) return;
    for (const fact of pending) await hooks.beforeRecord(fact);
    await sink.record(pending.map((f) => f.event));
    await facts.markDelivered(pending.map((f) => f._id));
  };
  const deliverIds = async (ids: readonly string[]) => {
    const found = await Promise.all(ids.map((id) => facts.findById(id)));
    await deliver(found.filter((f): f is Fact => f !== null));
  };
  const background = (work: () => Promise<void>) => {
    const running: Promise<void> = work()
      .catch(onError)
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  /** Like deliver, but one fact failing (a busy database) leaves only that one to the sweep. */
  const deliverEach = async (batch: readonly Fact[]) => {
    const ready: Fact[] = [];
    for (const fact of batch) {
      try {
        await pacer.step(() => hooks.beforeRecord(fact));
        ready.push(fact);
      } catch (err) {
        onError(err);
      }
    }
    const done: string[] = [];
    try {
      // The batch's events in one go: one update per rollup document for all of them.
      await pacer.step(() => sink.record(ready.map((f) => f.event)));
      done.push(...ready.map((f) => f._id));
    } catch {
      // Then one by one (recording is idempotent): only a fact that fails again waits for the sweep.
      for (const fact of ready) {
        try {
          await pacer.step(() => sink.record([fact.event]));
          done.push(fact._id);
        } catch (err) {
          onError(err);
        }
      }
    }
    // A paced step too: on FerretDB this update scans the facts under the write lock.
    if (done.length > 0) await pacer.step(() => facts.markDelivered(done));
  };
  const drain = async () => {
    while (queue.length > 0) await deliverEach(queue.splice(0, BATCH)).catch(onError);
  };
  const startDraining = () => {
    if (draining || queue.length === 0) return;
    draining = true;
    background(() =>
      drain().finally(() => {
        draining = false;
        startDraining(); // facts queued after the loop's last check
      }),
    );
  };
  return {
    deliver,
    deliverLater(batch) {
      if (batch.length === 0 || queue.length + batch.length > MAX_QUEUED) return;
      queue.push(...batch);
      startDraining();
    },
    deliverIdsLater(ids) {
      background(() => deliverIds(ids));
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    backlog: () => queue.length + inFlight.size,
    deliverIds,
    async sweep(now, graceMs, limit = 100) {
      const stale = await facts.listUndelivered(new Date(now.getTime() - graceMs), limit);
      for (const fact of stale) {
        if (await hooks.confirm(fact)) await deliver([fact]);
        else await facts.remove(fact._id);
      }
      return stale.length;
    },
  };
}
