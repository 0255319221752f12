import type { ProgressState } from './completion';
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

/**
 * Loads the progress of several enrolments: one query for facts, one for quiz attempts (skipped
 * with `attempts: false`, for courses without quizzes).
 */
export async function loadProgress(
  repos: { facts: FactRepository; progress: ProgressRepository },
  enrolmentIds: readonly string[],
  options: { attempts: boolean } = { attempts: true },
): Promise<Map<string, LearnerProgress>> {
  const [facts, attempts] = await Promise.all([
    repos.facts.listByEnrolments(enrolmentIds),
    options.attempts ? repos.progress.listAttempts(enrolmentIds) : [],
  ]);
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
