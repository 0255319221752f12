import type { Actor } from '../../shared/auth';
import { AppError, type FieldIssue } from '../../shared/errors';
import type { Course } from '../catalog/course.model';
import type { LearningCatalog } from './catalog.reader';
import { flattenLessons, isCourseComplete, missingLessons, type OutlineLesson } from './completion';
import type { Enrolment, EnrolmentRepository } from './enrolment.repository';
import { courseOf, type LearnerLookup, ownEnrolment } from './enrolment.service';
import type { Fact, FactRepository, FactSummary, NewFact } from './fact.repository';
import type { LearningEventType } from './learning-event';
import { buildEvent } from './learning-events';
import type { Outbox } from './outbox';
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
  /** Issues the credentials a completed course may have earned (idempotent). */
  readonly onCourseCompleted: (userId: string, courseSlug: string) => Promise<unknown>;
  readonly clock: () => Date;
  /** How far ahead of the server clock an event may be (client clock skew), and how old. */
  readonly window: { readonly futureMs: number; readonly pastMs: number };
}

/** Shared by progress and quizzes: an active enrolment of the actor, its course and lessons. */
export async function writableEnrolment(deps: ProgressDeps, actor: Actor, id: string) {
  const enrolment = await ownEnrolment(deps.enrolments, actor, id);
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
  return (await loadProgress(deps, [enrolmentId], { attempts })).get(enrolmentId) as LearnerProgress;
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
 * credentials), and hands the new facts' events to background delivery. `progress` already
 * includes the facts this request wrote; nothing is re-read unless this request added a fact
 * and the course still looks incomplete. Then only the missing lessons' facts are looked up by
 * `_id`: another request may have added them since `progress` was read, and the request that
 * adds the last one always sees all of them, so a completion is never missed.
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
    progress = { ...progress, completedAt: at };
  }
  deps.outbox.deliverLater(delivered);
  return progress;
}

/** Progress events: validated per item, stored idempotently, applied atomically. */
export function createProgressService(deps: ProgressDeps) {
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
   * The facts of the first completion of each lesson in `items` that `before` does not have yet
   * (a replay of a stored record is applied again: a crash may have come between the two).
   */
  async function completionFacts(
    d: ProgressDeps,
    enrolment: Enrolment,
    collection: string | null,
    items: readonly ProgressItem[],
    before: LearnerProgress,
  ) {
    const done = new Set(before.completedLessons);
    const completed = firstPerLesson(
      items.filter((i) => i.type === 'lesson_completed' && !done.has(i.lessonKey)),
    );
    return Promise.all(
      completed.map((i) =>
        enrolmentFact(d, enrolment, 'lesson_completed', i.lessonKey, i.occurredAt, collection),
      ),
    );
  }

  /** Sorts items into rejected / accepted / duplicate after storing the valid ones once. */
  async function store(
    enrolmentId: string,
    items: readonly ProgressItem[],
    issues: (FieldIssue | null)[],
    now: Date,
  ) {
    const results: ItemResult[] = [];
    const records = new Map<string, ProgressRecord>();
    items.forEach((item, i) => {
      const issue = issues[i];
      if (issue) return;
      const id = `${enrolmentId}:${item.idempotencyKey}`;
      if (!records.has(id)) records.set(id, { _id: id, enrolmentId, ...pick(item), receivedAt: now });
    });
    const dups = await deps.progress.insertMany([...records.values()]);
    const previous = new Map((await deps.progress.findByIds([...dups])).map((r) => [r._id, r]));
    const seen = new Set<string>();
    const toApply: ProgressItem[] = [];
    for (const [i, item] of items.entries()) {
      const issue = issues[i];
      const key = item.idempotencyKey;
      const id = `${enrolmentId}:${key}`;
      const stored = previous.get(id) ?? records.get(id);
      if (issue) {
        results.push({ idempotencyKey: key, status: 'rejected', code: issue.code, params: issue.params });
      } else if (stored && fingerprint(stored) !== fingerprint(item)) {
        results.push({ idempotencyKey: key, status: 'rejected', code: 'idempotency_key_reused', params: {} });
      } else {
        results.push({
          idempotencyKey: key,
          status: dups.has(id) || seen.has(id) ? 'duplicate' : 'accepted',
        });
        seen.add(id);
        toApply.push(item);
      }
    }
    return { results, toApply };
  }

  return {
    /**
     * Records a batch of progress events. With `single`, a refused item is a 400 instead of a
     * per-item result. Replays are reported as duplicates and change nothing.
     */
    async record(actor: Actor, enrolmentId: string, items: readonly ProgressItem[], single: boolean) {
      const { enrolment, course, lessons } = await writableEnrolment(deps, actor, enrolmentId);
      const now = deps.clock();
      const issues = items.map((item) => check(item, lessons, now));
      const firstIssue = issues.find((i) => i !== null);
      if (single && firstIssue) throw new AppError('validation_failed', { issues: [firstIssue] });
      // Storing the records and reading the progress they add to are independent: one round trip.
      const [{ results, toApply }, before] = await Promise.all([
        store(enrolment.id, items, issues, now),
        currentProgress(deps, enrolment.id, lessons),
      ]);
      if (single && results[0]?.status === 'rejected') throw new AppError('idempotency_key_reused');
      // One profile read per request, however many facts it writes.
      const scoped = { ...deps, learners: memoLearner(deps.learners) };
      const facts = await completionFacts(scoped, enrolment, course.collection, toApply, before);
      const added = await deps.facts.insertNew(facts, now);
      const last = Math.max(0, ...toApply.map((i) => i.occurredAt.getTime()));
      // A fact a parallel request inserted first is still this learner's progress.
      const known = withFacts(before, facts.map(summaryOf));
      const at = last > 0 ? new Date(last) : now;
      const progress = await afterChange(scoped, enrolment, course, lessons, known, added, at);
      return { results, enrolment, course, progress };
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;

function pick(item: ProgressItem) {
  return { type: item.type, lessonKey: item.lessonKey, occurredAt: item.occurredAt };
}

function fingerprint(item: Pick<ProgressItem, 'type' | 'lessonKey' | 'occurredAt'>): string {
  return `${item.type}|${item.lessonKey}|${item.occurredAt.toISOString()}`;
}

/** Caches the learner lookup for the duration of one request. */
function memoLearner(lookup: LearnerLookup): LearnerLookup {
  const seen = new Map<string, ReturnType<LearnerLookup>>();
  return (userId) => {
    const found = seen.get(userId) ?? lookup(userId);
    seen.set(userId, found);
    return found;
  };
}

function firstPerLesson(items: readonly ProgressItem[]): ProgressItem[] {
  const byLesson = new Map<string, ProgressItem>();
  for (const item of items) {
    const prior = byLesson.get(item.lessonKey);
    if (!prior || item.occurredAt < prior.occurredAt) byLesson.set(item.lessonKey, item);
  }
  return [...byLesson.values()];
}
