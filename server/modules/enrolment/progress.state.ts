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
