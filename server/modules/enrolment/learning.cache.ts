import type { OutlineLesson } from './completion';
import type { Enrolment, EnrolmentRepository } from './enrolment.repository';
import type { FactRepository } from './fact.repository';
import type { ProgressRepository } from './progress.repository';
import { type LearnerProgress, loadProgress, mergeProgress } from './progress.state';

/** How long this process trusts what it read of an enrolment and its progress. */
const TTL_MS = 5_000;
/** Enrolments kept at most (the cache is emptied beyond it: cheap, and it refills in one read). */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

/** An enrolment's progress: `latest` once read, including all this process learned since. */
interface ProgressEntry {
  readonly at: number;
  ready: Promise<void>;
  latest: LearnerProgress | null;
  /** Learned while the read was in flight (folded in when it lands). */
  early: LearnerProgress[];
}

/**
 * The per-process memory that makes accepting a progress event one write: the enrolment (owner,
 * course, status) and its progress as this process last read or applied it. Safe to serve from
 * memory because an enrolment's owner and course never change; its status can be up to TTL_MS
 * stale when another process withdraws it (this process forgets on its own withdrawals), and
 * cached progress only grows, so a stale reading under-reports and never claims a completion
 * that did not happen.
 */
export function createLearningCache(
  repos: { enrolments: EnrolmentRepository; facts: FactRepository; progress: ProgressRepository },
  now: () => number = Date.now,
) {
  const enrolments = new Map<string, Entry<Enrolment | null>>();
  const progress = new Map<string, ProgressEntry>();
  const fresh = <T extends { at: number }>(map: Map<string, T>, key: string) => {
    const hit = map.get(key);
    return hit && now() - hit.at < TTL_MS ? hit : undefined;
  };
  const remember = <T>(map: Map<string, Entry<T>>, key: string, value: Promise<T>) => {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { at: now(), value });
    value.catch(() => map.delete(key));
    return value;
  };
  const load = (id: string, lessons: readonly OutlineLesson[]) => {
    const attempts = lessons.some((l) => l.kind === 'quiz');
    const entry: ProgressEntry = { at: now(), ready: Promise.resolve(), latest: null, early: [] };
    entry.ready = loadProgress(repos, [{ id, lessons }], { attempts }).then((m) => {
      entry.latest = entry.early.reduce(mergeProgress, m.get(id) as LearnerProgress);
      entry.early = [];
    });
    entry.ready.catch(() => progress.get(id) === entry && progress.delete(id));
    if (progress.size >= MAX_ENTRIES) progress.clear();
    progress.set(id, entry);
    return entry;
  };
  return {
    /** The enrolment (same contract as the repository's `findById`); unknown ids are not kept. */
    findById(id: string): Promise<Enrolment | null> {
      const hit = fresh(enrolments, id);
      if (hit) return hit.value;
      const found = repos.enrolments.findById(id);
      void found.then(
        (e) => e ?? enrolments.delete(id),
        () => undefined,
      );
      return remember(enrolments, id, found);
    },

    /** The enrolment's progress from its facts (and quiz attempts when the course has quizzes). */
    async progress(id: string, lessons: readonly OutlineLesson[]): Promise<LearnerProgress> {
      const entry = fresh(progress, id) ?? load(id, lessons);
      await entry.ready;
      return entry.latest as LearnerProgress;
    },

    /**
     * The progress as known right now, once `progress` has resolved: use it for a decision taken
     * together with the applier's pending records, so nothing applied in between is missed.
     */
    current(id: string): LearnerProgress | null {
      return progress.get(id)?.latest ?? null;
    },

    /** Adds what this process just applied (a read still in flight gets it too). */
    learned(id: string, known: LearnerProgress): void {
      const entry = progress.get(id);
      if (!entry) return;
      if (entry.latest) entry.latest = mergeProgress(entry.latest, known);
      else entry.early.push(known);
    },

    /** Forgets an enrolment whose status or quiz attempts this process just changed. */
    forget(id: string): void {
      enrolments.delete(id);
      progress.delete(id);
    },
  };
}

export type LearningCache = ReturnType<typeof createLearningCache>;
