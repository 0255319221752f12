import type { OutlineLesson, ProgressState } from './completion';
import type { QuizState } from './enrolment.model';
import type { FactRepository, FactSummary } from './fact.repository';
import type { AttemptSummary, ProgressRepository } from './progress.repository';

/** An enrolment's progress as derived from its facts and quiz attempts. */
export interface LearnerProgress extends ProgressState {
  readonly completedAt: Date | null;
  readonly lastActivityAt: Date | null;
}

const EMPTY: LearnerProgress = { completedLessons: [], quizzes: {}, completedAt: null, lastActivityAt: null };

/** Folds facts and attempts of ONE enrolment into its progress. */
export function progressFrom(
  facts: readonly FactSummary[],
  attempts: readonly AttemptSummary[],
): LearnerProgress {
  const quizzes: Record<string, QuizState> = {};
  for (const a of attempts) {
    const q = quizzes[a.lessonKey] ?? { attempts: 0, bestScore: 0, passedAt: null };
    quizzes[a.lessonKey] = { ...q, attempts: q.attempts + 1, bestScore: Math.max(q.bestScore, a.score) };
  }
  return withFacts({ ...EMPTY, quizzes }, facts);
}

/**
 * The progress once `facts` are added (facts already folded in change nothing, so a fact read
 * back after writing it is harmless). This is how a request updates progress without a re-read.
 */
export function withFacts(progress: LearnerProgress, facts: readonly FactSummary[]): LearnerProgress {
  if (facts.length === 0) return progress;
  const lessons = new Set(progress.completedLessons);
  const quizzes: Record<string, QuizState> = { ...progress.quizzes };
  let { completedAt, lastActivityAt } = progress;
  for (const f of facts) {
    if (f.type === 'lesson_completed' && f.lessonKey) lessons.add(f.lessonKey);
    if (f.type === 'quiz_passed' && f.lessonKey) {
      const q = quizzes[f.lessonKey] ?? { attempts: 0, bestScore: 0, passedAt: null };
      quizzes[f.lessonKey] = { ...q, passedAt: q.passedAt ?? f.at };
    }
    if (f.type === 'course_completed') completedAt ??= f.at;
    if (!lastActivityAt || f.at > lastActivityAt) lastActivityAt = f.at;
  }
  return { completedLessons: [...lessons], quizzes, completedAt, lastActivityAt };
}

/**
 * What two readings of one enrolment's progress know together. Progress only grows (facts and
 * attempts are insert-only), so the union is never wrong, whichever reading is older.
 */
export function mergeProgress(a: LearnerProgress, b: LearnerProgress): LearnerProgress {
  const quizzes: Record<string, QuizState> = { ...a.quizzes };
  for (const [key, q] of Object.entries(b.quizzes)) {
    const p = quizzes[key];
    quizzes[key] = p
      ? {
          attempts: Math.max(p.attempts, q.attempts),
          bestScore: Math.max(p.bestScore, q.bestScore),
          passedAt: earliest(p.passedAt, q.passedAt),
        }
      : q;
  }
  const latest = a.lastActivityAt && b.lastActivityAt && a.lastActivityAt > b.lastActivityAt;
  return {
    completedLessons: [...new Set([...a.completedLessons, ...b.completedLessons])],
    quizzes,
    completedAt: earliest(a.completedAt, b.completedAt),
    lastActivityAt: latest ? a.lastActivityAt : (b.lastActivityAt ?? a.lastActivityAt),
  };
}

const earliest = (x: Date | null, y: Date | null) => (x && y ? (x < y ? x : y) : (x ?? y));

/** An enrolment whose progress to load; with its course's lessons, its facts are read by `_id`. */
export type ProgressTarget = string | { readonly id: string; readonly lessons: readonly OutlineLesson[] };

/**
 * The ids every fact of an enrolment can have (`<type>:<enrolment>[:<lesson>]`, see
 * `enrolmentFact`): reading those by `_id` is an index lookup on MongoDB and on FerretDB, where a
 * filter on `enrolmentId` reads the whole collection. A fact of a lesson since removed from the
 * outline is not read, and changes nothing the outline's completion rule looks at.
 */
export function factIdsOf(enrolmentId: string, lessons: readonly OutlineLesson[]): string[] {
  const ids = [`course_completed:${enrolmentId}`];
  for (const l of lessons) {
    ids.push(`lesson_completed:${enrolmentId}:${l.key}`);
    if (l.kind === 'quiz') ids.push(`quiz_passed:${enrolmentId}:${l.key}`);
  }
  return ids;
}

/**
 * Loads the progress of several enrolments: facts by `_id` for targets that bring their lessons,
 * one query by enrolment for the others, and one query for quiz attempts (skipped with
 * `attempts: false`, for courses without quizzes).
 */
export async function loadProgress(
  repos: { facts: FactRepository; progress: ProgressRepository },
  targets: readonly ProgressTarget[],
  options: { attempts: boolean } = { attempts: true },
): Promise<Map<string, LearnerProgress>> {
  const enrolmentIds = targets.map((t) => (typeof t === 'string' ? t : t.id));
  const scanned = targets.filter((t): t is string => typeof t === 'string');
  const byId = targets.flatMap((t) => (typeof t === 'string' ? [] : factIdsOf(t.id, t.lessons)));
  const [listed, found, attempts] = await Promise.all([
    repos.facts.listByEnrolments(scanned),
    repos.facts.findSummaries(byId),
    options.attempts ? repos.progress.listAttempts(enrolmentIds) : [],
  ]);
  const facts = [...listed, ...found];
  return new Map(
    enrolmentIds.map((id) => [
      id,
      progressFrom(
        facts.filter((f) => f.enrolmentId === id),
        attempts.filter((a) => a.enrolmentId === id),
      ),
    ]),
  );
}
