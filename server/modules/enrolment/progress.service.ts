import type { Actor } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import type { Course } from '../catalog/course.model';
import type { Pacer } from './background.pacing';
import type { LearningCatalog } from './catalog.reader';
import { flattenLessons, isCourseComplete, missingLessons, type OutlineLesson } from './completion';
import type { Enrolment, EnrolmentRepository } from './enrolment.repository';
import { courseOf, type LearnerLookup, ownEnrolment } from './enrolment.service';
import type { Fact, FactRepository, FactSummary, NewFact } from './fact.repository';
import type { LearningCache } from './learning.cache';
import type { LearningEventType } from './learning-event';
import { buildEvent } from './learning-events';
import type { Outbox } from './outbox';
import type { ProgressApplier } from './progress.applier';
import type { ProgressType } from './progress.model';
import type { ProgressRecord, ProgressRepository } from './progress.repository';
import { type LearnerProgress, loadProgress, withFacts } from './progress.state';

/** One progress event as a client sends it. */
export interface ProgressItem {
  readonly type: ProgressType;
  readonly lessonKey: string;
  readonly idempotencyKey: string;
  readonly occurredAt: Date;
}

/** What happened to one item: stored now, already stored before, or refused (with why). */
export interface ItemResult {
  readonly idempotencyKey: string;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly code?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface ProgressDeps {
  readonly enrolments: EnrolmentRepository;
  readonly facts: FactRepository;
  readonly progress: ProgressRepository;
  readonly catalog: LearningCatalog;
  readonly learners: LearnerLookup;
  readonly outbox: Outbox;
  /** This process's memory of enrolments and their progress (learning.cache.ts). */
  readonly cache: LearningCache;
  /** Background work gives way while progress requests are in flight (background.pacing.ts). */
  readonly pacer: Pacer;
  /** Issues the credentials a completed course may have earned (idempotent). */
  readonly onCourseCompleted: (userId: string, courseSlug: string) => Promise<unknown>;
  readonly clock: () => Date;
  /** How far ahead of the server clock an event may be (client clock skew), and how old. */
  readonly window: { readonly futureMs: number; readonly pastMs: number };
}

/**
 * Shared by progress and quizzes: an active enrolment of the actor, its course and lessons
 * (`from` the repository, or from the cache on the progress path).
 */
export async function writableEnrolment(
  deps: ProgressDeps,
  actor: Actor,
  id: string,
  from: Pick<EnrolmentRepository, 'findById'> = deps.enrolments,
) {
  const enrolment = await ownEnrolment(from, actor, id);
  if (enrolment.status !== 'active')
    throw new AppError('enrolment_not_active', { params: { status: enrolment.status } });
  // Archived courses keep accepting progress from learners already enrolled.
  const course = await courseOf(deps.catalog, enrolment);
  return { enrolment, course, lessons: flattenLessons(course.modules) };
}

/** Builds the fact (and its event) of something that happened in an enrolment. */
export async function enrolmentFact(
  deps: Pick<ProgressDeps, 'learners'>,
  enrolment: Enrolment,
  type: LearningEventType,
  lessonKey: string | null,
  at: Date,
  collection: string | null,
): Promise<NewFact> {
  const learner = await deps.learners(enrolment.userId);
  const id = lessonKey ? `${enrolment.id}:${lessonKey}` : enrolment.id;
  const event = buildEvent(type, id, at, learner, {
    courseSlug: enrolment.courseSlug,
    cohortId: enrolment.cohortId,
    collection,
  });
  return {
    type,
    userId: enrolment.userId,
    enrolmentId: enrolment.id,
    courseSlug: enrolment.courseSlug,
    lessonKey,
    credentialSlug: null,
    at,
    event,
  };
}

/** The id of an enrolment's lesson fact (what `enrolmentFact` derives through `buildEvent`). */
const lessonFactId = (type: LearningEventType, enrolmentId: string, lessonKey: string) =>
  `${type}:${enrolmentId}:${lessonKey}`;

/** The enrolment's progress now; quiz attempts are read only when the course has quizzes. */
export async function currentProgress(
  deps: Pick<ProgressDeps, 'facts' | 'progress'>,
  enrolmentId: string,
  lessons: readonly OutlineLesson[],
): Promise<LearnerProgress> {
  const attempts = lessons.some((l) => l.kind === 'quiz');
  return (await loadProgress(deps, [{ id: enrolmentId, lessons }], { attempts })).get(
    enrolmentId,
  ) as LearnerProgress;
}

/** A new fact as progress sees it. */
export const summaryOf = (f: NewFact): FactSummary => ({
  _id: f.event.id,
  type: f.type,
  enrolmentId: f.enrolmentId,
  lessonKey: f.lessonKey,
  at: f.at,
});

/**
 * After new facts: records the course completion once when the rule is met (and issues
 * credentials), and hands the new facts' events to background delivery. `known` already
 * includes the facts just written; nothing is re-read unless a fact was added and the course
 * still looks incomplete. Then only the missing lessons' facts are looked up by
 * `_id`: another writer may have added them since `known` was read, and the one that adds the
 * last one always sees all of them, so a completion is never missed.
 */
export async function afterChange(
  deps: ProgressDeps,
  enrolment: Enrolment,
  course: Pick<Course, 'collection'>,
  lessons: readonly OutlineLesson[],
  known: LearnerProgress,
  newFacts: readonly Fact[],
  at: Date,
): Promise<LearnerProgress> {
  let progress = known;
  if (!progress.completedAt && newFacts.length > 0 && !isCourseComplete(lessons, progress)) {
    const ids = missingLessons(lessons, progress).map((l) =>
      lessonFactId(l.kind === 'quiz' ? 'quiz_passed' : 'lesson_completed', enrolment.id, l.key),
    );
    progress = withFacts(progress, await deps.facts.findSummaries(ids));
  }
  const delivered = [...newFacts];
  if (!progress.completedAt && isCourseComplete(lessons, progress)) {
    const now = deps.clock();
    const completion = await enrolmentFact(deps, enrolment, 'course_completed', null, at, course.collection);
    const added = await deps.facts.insertNew([completion], now);
    // Credentials are what the learner sees next: issue them now (delivery re-checks after a crash).
    if (added.length > 0) await deps.onCourseCompleted(enrolment.userId, enrolment.courseSlug);
    delivered.push(...added);
    // Recorded before by someone else: theirs is the date that stands.
    const recorded = added.length > 0 ? [] : await deps.facts.findSummaries([completion.event.id]);
    progress = withFacts(progress, [...added.map(summaryOf), ...recorded]);
  }
  deps.outbox.deliverLater(delivered);
  return progress;
}

/**
 * Progress events, accept then apply: a request validates from memory (learning.cache.ts) and
 * stores its events in ONE write (the inbox); the applier turns them into facts afterwards.
 */
export function createProgressService(deps: ProgressDeps & { readonly applier: ProgressApplier }) {
  function check(item: ProgressItem, lessons: readonly OutlineLesson[], now: Date): FieldIssue | null {
    const lesson = lessons.find((l) => l.key === item.lessonKey);
    const at = (field: string, code: string, params: Record<string, unknown> = {}) =>
      ({ in: 'body', path: [field], code, params }) as FieldIssue;
    if (!lesson) return at('lessonKey', 'lesson_not_in_course', { value: item.lessonKey });
    if (lesson.kind === 'quiz' && item.type === 'lesson_completed')
      return at('lessonKey', 'quiz_completed_by_attempt', { value: item.lessonKey });
    if (item.occurredAt.getTime() > now.getTime() + deps.window.futureMs)
      return at('occurredAt', 'occurred_at_in_future', { minutes: Math.round(deps.window.futureMs / 60000) });
    if (item.occurredAt.getTime() < now.getTime() - deps.window.pastMs)
      return at('occurredAt', 'occurred_at_too_old', { days: Math.round(deps.window.pastMs / 86400000) });
    return null;
  }

  /**
   * Stores the valid items once (one insertMany; the stored copies of replays are read only when
   * there are replays) and sorts items into rejected / accepted / duplicate; returns the records
   * stored now, to apply.
   */
  async function store(
    enrolmentId: string,
    items: readonly ProgressItem[],
    issues: (FieldIssue | null)[],
    now: Date,
  ) {
    const records = new Map<string, ProgressRecord>();
    items.forEach((item, seq) => {
      const id = `${enrolmentId}:${item.idempotencyKey}`;
      if (!issues[seq] && !records.has(id))
        records.set(id, { _id: id, enrolmentId, ...pick(item), receivedAt: now, seq });
    });
    const dups = await deps.progress.insertMany([...records.values()]);
    const previous = new Map((await deps.progress.findByIds([...dups])).map((r) => [r._id, r]));
    const seen = new Set<string>();
    const results = items.map((item, i): ItemResult => {
      const issue = issues[i];
      const key = item.idempotencyKey;
      const id = `${enrolmentId}:${key}`;
      const stored = previous.get(id) ?? records.get(id);
      if (issue) return { idempotencyKey: key, status: 'rejected', code: issue.code, params: issue.params };
      if (stored && fingerprint(stored) !== fingerprint(item))
        return { idempotencyKey: key, status: 'rejected', code: 'idempotency_key_reused', params: {} };
      const status = dups.has(id) || seen.has(id) ? 'duplicate' : 'accepted';
      seen.add(id);
      return { idempotencyKey: key, status };
    });
    return { results, toApply: [...records.values()].filter((r) => !dups.has(r._id)) };
  }

  return {
    /**
     * Records a batch of progress events. With `single`, a refused item is a 400 instead of a
     * per-item result. Replays are reported as duplicates and change nothing. The progress
     * returned includes the accepted completions; a course completion is only reported once
     * recorded (the request that completes the course applies its enrolment's events first).
     */
    record(actor: Actor, enrolmentId: string, items: readonly ProgressItem[], single: boolean) {
      return deps.pacer.foreground(() => accept(actor, enrolmentId, items, single));
    },
  };

  async function accept(actor: Actor, enrolmentId: string, items: readonly ProgressItem[], single: boolean) {
    const { enrolment, course, lessons } = await writableEnrolment(deps, actor, enrolmentId, deps.cache);
    const now = deps.clock();
    const issues = items.map((item) => check(item, lessons, now));
    const firstIssue = issues.find((i) => i !== null);
    if (single && firstIssue) throw new AppError('validation_failed', { issues: [firstIssue] });
    // The write and (when this process has not read it lately) the progress: one round trip.
    const [{ results, toApply }, applied] = await Promise.all([
      store(enrolment.id, items, issues, now),
      deps.cache.progress(enrolment.id, lessons),
    ]);
    if (single && results[0]?.status === 'rejected') throw new AppError('idempotency_key_reused');
    deps.applier.enqueue(enrolment.id, toApply);
    // Cached and pending progress read together, synchronously: a record is in one or the other.
    const view = (loaded: LearnerProgress) =>
      deps.applier.withPending(enrolment.id, deps.cache.current(enrolment.id) ?? loaded);
    let progress = view(applied);
    if (
      !progress.completedAt &&
      isCourseComplete(lessons, progress) &&
      (await deps.applier.settle(enrolment.id))
    )
      progress = view(await deps.cache.progress(enrolment.id, lessons));
    return { results, enrolment, course, progress };
  }
}

export type ProgressService = ReturnType<typeof createProgressService>;

function pick(item: ProgressItem) {
  return { type: item.type, lessonKey: item.lessonKey, occurredAt: item.occurredAt };
}

function fingerprint(item: Pick<ProgressItem, 'type' | 'lessonKey' | 'occurredAt'>): string {
  return `${item.type}|${item.lessonKey}|${item.occurredAt.toISOString()}`;
}
