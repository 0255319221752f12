import type { ProgressState } from './completion';
import type { QuizState } from './enrolment.model';
import type { Fact, FactRepository } from './fact.repository';
import type { AttemptSummary, ProgressRepository } from './progress.repository';

/** An enrolment's progress as derived from its facts and quiz attempts. */
export interface LearnerProgress extends ProgressState {
  readonly completedAt: Date | null;
  readonly lastActivityAt: Date | null;
}

/** Folds facts and attempts of ONE enrolment into its progress. */
export function progressFrom(facts: readonly Fact[], attempts: readonly AttemptSummary[]): LearnerProgress {
  const quizzes: Record<string, QuizState> = {};
  const quiz = (key: string): QuizState => {
    quizzes[key] ??= { attempts: 0, bestScore: 0, passedAt: null };
    return quizzes[key];
  };
  for (const a of attempts) {
    const q = quiz(a.lessonKey);
    q.attempts++;
    q.bestScore = Math.max(q.bestScore, a.score);
  }
  const completedLessons: string[] = [];
  let completedAt: Date | null = null;
  for (const f of facts) {
    if (f.type === 'lesson_completed' && f.lessonKey) completedLessons.push(f.lessonKey);
    if (f.type === 'quiz_passed' && f.lessonKey) {
      quiz(f.lessonKey).passedAt = f.at;
    }
    if (f.type === 'course_completed') completedAt = f.at;
  }
  const times = facts.map((f) => f.at.getTime());
  return {
    completedLessons,
    quizzes,
    completedAt,
    lastActivityAt: times.length > 0 ? new Date(Math.max(...times)) : null,
  };
}

/** Loads the progress of several enrolments in two queries. */
export async function loadProgress(
  repos: { facts: FactRepository; progress: ProgressRepository },
  enrolmentIds: readonly string[],
): Promise<Map<string, LearnerProgress>> {
  const [facts, attempts] = await Promise.all([
    repos.facts.listByEnrolments(enrolmentIds),
    repos.progress.listAttempts(enrolmentIds),
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
