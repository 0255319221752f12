import { keyedSerial } from '../outreach/stats.repository';
import { type Pacer, unpaced } from './background.pacing';
import { flattenLessons } from './completion';
import type { LearnerLookup } from './enrolment.service';
import type { FactSummary } from './fact.repository';
import type { ProgressRecord } from './progress.repository';
import { afterChange, enrolmentFact, type ProgressDeps, summaryOf } from './progress.service';
import { type LearnerProgress, loadProgress, withFacts } from './progress.state';

/** Records kept in memory for the background worker at most (beyond it the sweep applies them). */
const MAX_PENDING = 10_000;
/** Records the sweep reads at most per run (it goes on from the last one next time). */
const SWEEP_BATCH = 2_000;
/**
 * How far back a read looks for records another process accepted: older ones have been applied
 * by their process or, after a crash, by a sweep (every minute, for records over a minute old).
 */
const RECENT_MS = 5 * 60_000;
/** Record ids remembered as applied here at most (beyond it they are re-checked: idempotent). */
const MAX_APPLIED_HERE = 100_000;

/**
 * Applies accepted progress records (the inbox: `progress_events`) to the learning facts: first
 * completions, the completion rule, statistics events (through the outbox), credentials.
 *
 * Per process, records are applied in the order they were accepted, by one background worker,
 * one enrolment at a time (a keyed serial queue per enrolment, which drains and sweeps join too),
 * in paced steps (background.pacing.ts). Reads of progress first `drain` the enrolments
 * they show: this process's pending records, then the enrolments' recent records from the
 * database (another process's). A `sweep` applies what a crash left. Applying is idempotent
 * (every fact is an insert with a derived `_id`; statistics events are idempotent on the fact
 * id), so applying a record twice, in two processes or by a sweep, changes nothing. That is
 * also why records carry no "applied" flag: re-checking one costs a read, flagging it costs an
 * update per record (a scan under the write lock, on FerretDB). Instead each process remembers,
 * in memory, the records it applied itself until neither a sweep nor a drain reads them again,
 * and both skip those: they re-check only what another process accepted (which covers a race
 * between two processes' applies) or what this process did not finish (a failure, a restart).
 * Re-checking a minute of this process's own records at once was a burst of reads and writes
 * every minute that stalled requests on FerretDB's single writer (the soak bench,
 * docs/benchmarks.md); in a drain it was a read of facts on every learner's read.
 */
export function createProgressApplier(
  deps: ProgressDeps,
  onError: (err: unknown) => void,
  pacer: Pacer = unpaced,
) {
  const waiting = new Map<string, ProgressRecord[]>();
  const applying = new Map<string, readonly ProgressRecord[]>();
  const held = new Set<string>();
  const serial = keyedSerial();
  /**
   * Records this process applied, live or re-checked (id → receivedAt ms), until no sweep or drain
   * reads them again.
   */
  const appliedHere = new Map<string, number>();
  let worker: Promise<void> | null = null;
  const remember = (records: readonly ProgressRecord[]) => {
    for (const r of records)
      if (appliedHere.size < MAX_APPLIED_HERE) appliedHere.set(r._id, r.receivedAt.getTime());
  };
  /** Forgets the applied records below the sweep's watermark and older than a drain reads. */
  const forgetApplied = (watermark: Date, now: Date) => {
    const before = Math.min(watermark.getTime(), now.getTime() - RECENT_MS);
    for (const [id, receivedAt] of appliedHere) if (receivedAt < before) appliedHere.delete(id);
  };

  /**
   * Applies an enrolment's completions. `fresh` is its progress just read (drain, sweep); without
   * it this process's cached progress is used: what it lacks is only re-inserted (a no-op).
   */
  async function apply(enrolmentId: string, records: readonly ProgressRecord[], fresh?: LearnerProgress) {
    const enrolment = await deps.cache.findById(enrolmentId);
    const course = enrolment && (await deps.catalog.findCourse(enrolment.courseSlug));
    if (!enrolment || !course) return;
    const lessons = flattenLessons(course.modules);
    const before = fresh ?? (await deps.cache.progress(enrolmentId, lessons));
    const done = new Set(before.completedLessons);
    const scoped = { ...deps, learners: memoLearner(deps.learners) };
    const facts = await Promise.all(
      firstPerLesson(records.filter((r) => !done.has(r.lessonKey))).map((r) =>
        enrolmentFact(scoped, enrolment, 'lesson_completed', r.lessonKey, r.occurredAt, course.collection),
      ),
    );
    const added = await deps.facts.insertNew(facts, deps.clock());
    // A fact another process inserted first is still this learner's progress.
    const known = withFacts(before, facts.map(summaryOf));
    const at = latest(added.map((f) => f.at)) ?? latest(records.map((r) => r.occurredAt)) ?? deps.clock();
    deps.cache.learned(enrolmentId, await afterChange(scoped, enrolment, course, lessons, known, added, at));
  }

  /** Applies what this process accepted for the enrolment so far, after any apply under way. */
  const applyWaiting = (enrolmentId: string) =>
    serial(enrolmentId, async () => {
      const batch = waiting.get(enrolmentId);
      if (!batch) return;
      waiting.delete(enrolmentId);
      applying.set(enrolmentId, batch);
      try {
        await apply(enrolmentId, batch);
        remember(batch);
      } finally {
        applying.delete(enrolmentId);
        for (const r of batch) held.delete(r._id);
      }
    });

  /**
   * Applies stored records against their enrolments' progress read now (one read for all), so
   * what a crash cut short (a fact written, the completion not) is finished too. Records this
   * process applied itself are skipped; with `skipHeld`, those it holds are left to its own
   * queue. Returns how many records it checked.
   */
  async function reconcile(records: readonly ProgressRecord[], skipHeld: boolean): Promise<number> {
    const groups = new Map<string, ProgressRecord[]>();
    let checked = 0;
    // lesson_started changes no fact.
    for (const r of records)
      if (r.type === 'lesson_completed' && !appliedHere.has(r._id) && !(skipHeld && held.has(r._id))) {
        groups.set(r.enrolmentId, [...(groups.get(r.enrolmentId) ?? []), r]);
        checked++;
      }
    if (groups.size === 0) return 0;
    // With each course's lessons, the facts are read by `_id` (progress.state.ts, factIdsOf).
    const targets = await Promise.all(
      [...groups.keys()].map(async (id) => {
        const enrolment = await deps.cache.findById(id);
        const course = enrolment && (await deps.catalog.findCourse(enrolment.courseSlug));
        return course ? { id, lessons: flattenLessons(course.modules) } : id;
      }),
    );
    const fresh = await loadProgress(deps, targets, { attempts: false });
    for (const [id, group] of groups) {
      await serial(id, () => apply(id, group, fresh.get(id)));
      remember(group);
    }
    return checked;
  }

  const work = async () => {
    for (let next = waiting.keys().next(); !next.done; next = waiting.keys().next())
      await pacer.step(() => applyWaiting(next.value)).catch(onError);
  };
  const kick = () => {
    worker ??= work().finally(() => {
      worker = null;
      if (waiting.size > 0) kick();
    });
  };

  const drain = async (enrolmentIds: readonly string[]) => {
    const ids = [...new Set(enrolmentIds)];
    await Promise.all(ids.map(applyWaiting));
    const since = new Date(deps.clock().getTime() - RECENT_MS);
    // This process's pending records of these enrolments were all applied just above (and are
    // skipped with the others it applied); what is left is another process's or unfinished.
    await reconcile(await deps.progress.listRecent(ids, since), true);
  };

  return {
    /** Queues records just accepted (stored) for the background worker. */
    enqueue(enrolmentId: string, records: readonly ProgressRecord[]): void {
      const fresh = records.filter((r) => r.type === 'lesson_completed' && !held.has(r._id));
      if (fresh.length === 0 || held.size + fresh.length > MAX_PENDING) return;
      for (const r of fresh) held.add(r._id);
      waiting.set(enrolmentId, [...(waiting.get(enrolmentId) ?? []), ...fresh]);
      kick();
    },

    /** `progress` with the completions this process accepted for the enrolment and has not applied. */
    withPending(enrolmentId: string, progress: LearnerProgress): LearnerProgress {
      const records = [...(applying.get(enrolmentId) ?? []), ...(waiting.get(enrolmentId) ?? [])];
      const done = new Set(progress.completedLessons);
      return withFacts(
        progress,
        firstPerLesson(records.filter((r) => !done.has(r.lessonKey))).map(pendingSummary),
      );
    },

    /**
     * Applies every record accepted for these enrolments before they are read (read-your-writes
     * for my learning, one enrolment, rosters, credentials): this process's, then the recent
     * ones of other processes.
     */
    drain,

    /**
     * Applies what this process accepted for one enrolment (enough to record a completion this
     * process's progress shows: the writer of the last fact sees all the others); reports a
     * failure instead of throwing. True when it succeeded.
     */
    async settle(enrolmentId: string): Promise<boolean> {
      try {
        await applyWaiting(enrolmentId);
        return true;
      } catch (err) {
        onError(err);
        return false;
      }
    },

    /**
     * Applies what a crash left: the records received since the last sweep and at least
     * `graceMs` ago (a live process has applied them by then; the re-check is idempotent), except
     * those this process applied itself, then moves the watermark. Returns how many records it
     * checked. `graceMs` must exceed the clock
     * skew between app processes (receivedAt is the accepting process's clock).
     */
    async sweep(now: Date, graceMs: number): Promise<number> {
      const to = new Date(now.getTime() - graceMs);
      const from = await deps.progress.sweptThrough();
      // The first sweep ever: records before it were applied when stored (older versions).
      if (!from) {
        await deps.progress.markSwept(to);
        return 0;
      }
      // (Another process's sweep may have moved the watermark past `to` already.)
      let through = from;
      let checked = 0;
      if (from < to) {
        const records = await deps.progress.listReceived(from, to, SWEEP_BATCH);
        // Held ones too: the watermark moves past them, and a crash may still come before the queue.
        checked = await reconcile(records, false);
        const last = records.at(-1);
        through = records.length === SWEEP_BATCH && last ? last.receivedAt : to;
        await deps.progress.markSwept(through);
      }
      forgetApplied(through, now);
      return checked;
    },

    /** Accepted completions this process holds and has not applied yet (/readyz). */
    backlog(): number {
      return held.size;
    },

    /** Resolves once the background worker has applied everything queued (tests, shutdown). */
    async idle(): Promise<void> {
      while (worker) await worker;
    },
  };
}

export type ProgressApplier = ReturnType<typeof createProgressApplier>;

/** The first completion of each lesson among records, in the order they were accepted. */
function firstPerLesson(records: readonly ProgressRecord[]): ProgressRecord[] {
  const byLesson = new Map<string, ProgressRecord>();
  for (const r of records)
    if (r.type === 'lesson_completed' && !byLesson.has(r.lessonKey)) byLesson.set(r.lessonKey, r);
  return [...byLesson.values()];
}

const pendingSummary = (r: ProgressRecord): FactSummary => ({
  _id: `lesson_completed:${r.enrolmentId}:${r.lessonKey}`,
  type: 'lesson_completed',
  enrolmentId: r.enrolmentId,
  lessonKey: r.lessonKey,
  at: r.occurredAt,
});

const latest = (dates: readonly Date[]) =>
  dates.length === 0 ? null : new Date(Math.max(...dates.map((d) => d.getTime())));

/** Caches the learner lookup for one batch: one profile read however many facts it writes. */
function memoLearner(lookup: LearnerLookup): LearnerLookup {
  const seen = new Map<string, ReturnType<LearnerLookup>>();
  return (userId) => {
    const found = seen.get(userId) ?? lookup(userId);
    seen.set(userId, found);
    return found;
  };
}
