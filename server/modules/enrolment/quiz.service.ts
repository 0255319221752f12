import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Lesson } from '../catalog/course.schemas';
import type { ProgressApplier } from './progress.applier';
import {
  afterChange,
  currentProgress,
  enrolmentFact,
  type ProgressDeps,
  writableEnrolment,
} from './progress.service';
import { type Answer, answerIssues, scoreAttempt } from './quiz.scoring';

type QuizLesson = Extract<Lesson, { kind: 'quiz' }>;

/** Quiz attempts: scored on the server, limited per lesson, the best score counts. */
export function createQuizService(deps: ProgressDeps & { readonly applier: Pick<ProgressApplier, 'drain'> }) {
  return {
    /** Scores one attempt, counts it against the limit, passes the quiz once, re-checks completion. */
    async submit(
      actor: Actor,
      enrolmentId: string,
      input: { lessonKey: string; answers: readonly Answer[] },
    ) {
      const { enrolment, course, lessons } = await writableEnrolment(deps, actor, enrolmentId);
      const lesson = lessons.find((l) => l.key === input.lessonKey)?.lesson;
      const invalid = (code: string) =>
        new AppError('validation_failed', {
          issues: [{ in: 'body', path: ['lessonKey'], code, params: { value: input.lessonKey } }],
        });
      if (!lesson) throw invalid('lesson_not_in_course');
      if (lesson.kind !== 'quiz') throw invalid('not_a_quiz');
      const quiz = lesson as QuizLesson;
      const issues = answerIssues(quiz.questions, input.answers);
      if (issues.length > 0) throw new AppError('validation_failed', { issues });
      const scored = scoreAttempt(quiz.questions, input.answers);
      const passed = scored.score >= quiz.passingScore;
      // Progress events accepted before the attempt count for the completion it may bring.
      await deps.applier.drain([enrolment.id]);
      const now = deps.clock();
      const attempt = await deps.progress.addQuizAttempt(
        {
          enrolmentId: enrolment.id,
          userId: enrolment.userId,
          courseSlug: enrolment.courseSlug,
          lessonKey: quiz.key,
          answers: input.answers.map((a) => ({ question: a.question, options: [...a.options] })),
          score: scored.score,
          passed,
          submittedAt: now,
        },
        quiz.maxAttempts,
      );
      if (attempt === null)
        throw new AppError('quiz_attempts_exhausted', { params: { max: quiz.maxAttempts ?? 0 } });
      const pass = passed
        ? [await enrolmentFact(deps, enrolment, 'quiz_passed', quiz.key, now, course.collection)]
        : [];
      const added = await deps.facts.insertNew(pass, now);
      // Read after the attempt and the pass are stored, so it includes both (quizzes are rare).
      const known = await currentProgress(deps, enrolment.id, lessons);
      const progress = await afterChange(deps, enrolment, course, lessons, known, added, now);
      deps.cache.learned(enrolment.id, progress);
      return { enrolment, course, progress, quiz, scored, passed, attempt };
    },
  };
}

export type QuizService = ReturnType<typeof createQuizService>;
