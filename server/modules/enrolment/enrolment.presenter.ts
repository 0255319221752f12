import type { TFunction } from 'i18next';
import { pickText } from '../../shared/localized';
import type { Cohort } from './cohort.repository';
import { flattenLessons, progressOf } from './completion';
import type { EnrolmentView } from './enrolment.service';
import type { RosterPerson } from './learners';
import type { ItemResult } from './progress.service';
import type { QuizService } from './quiz.service';

type QuizResult = Awaited<ReturnType<QuizService['submit']>>;

const text = (field: Record<string, string> | undefined, lang: string, source: string) =>
  pickText(field, lang, source) ?? null;

/** An enrolment as "my learning" shows it: progress, next lesson, completion. */
export function presentEnrolment(view: EnrolmentView, lang: string) {
  const { enrolment, course, progress } = view;
  const lessons = flattenLessons(course.modules);
  const { percent, nextLesson } = progressOf(lessons, progress);
  return {
    id: enrolment.id,
    course: {
      slug: course.slug,
      title: text(course.title, lang, course.sourceLanguage),
      format: course.format,
    },
    cohortId: enrolment.cohortId,
    status: enrolment.status,
    enrolledAt: enrolment.enrolledAt,
    withdrawnAt: enrolment.withdrawnAt,
    completedAt: progress.completedAt,
    lastActivityAt: progress.lastActivityAt,
    progress: {
      percent,
      completedLessons: progress.completedLessons,
      quizzes: Object.fromEntries(
        Object.entries(progress.quizzes).map(([key, q]) => [
          key,
          { attempts: q.attempts, bestScore: q.bestScore, passed: !!q.passedAt },
        ]),
      ),
    },
    nextLesson: nextLesson
      ? {
          key: nextLesson.key,
          moduleKey: nextLesson.moduleKey,
          kind: nextLesson.kind,
          title: text(nextLesson.lesson.title, lang, course.sourceLanguage),
        }
      : null,
    history: enrolment.history,
  };
}

/** A cohort as listed publicly. */
export function presentCohort(cohort: Cohort) {
  const { id, courseSlug, name, startsAt, endsAt, enrolmentOpensAt, enrolmentClosesAt, capacity, seatsLeft } =
    cohort;
  return { id, courseSlug, name, startsAt, endsAt, enrolmentOpensAt, enrolmentClosesAt, capacity, seatsLeft };
}

/** One roster row: the learner, the cohort and where they are. */
export function presentRosterRow(view: EnrolmentView, person: RosterPerson | undefined) {
  const { enrolment, course, progress } = view;
  const { percent } = progressOf(flattenLessons(course.modules), progress);
  return {
    enrolmentId: enrolment.id,
    userId: enrolment.userId,
    displayName: person?.displayName ?? null,
    country: person?.country ?? null,
    audience: person?.audience ?? null,
    cohortId: enrolment.cohortId,
    status: enrolment.status,
    progressPercent: percent,
    enrolledAt: enrolment.enrolledAt,
    completedAt: progress.completedAt,
  };
}

const CSV_COLUMNS = [
  'displayName',
  'country',
  'audience',
  'cohortId',
  'status',
  'progressPercent',
  'enrolledAt',
  'completedAt',
] as const;

/** The roster as CSV with localized headers; cells that could start a formula are neutralised. */
export function rosterCsv(rows: readonly ReturnType<typeof presentRosterRow>[], t: TFunction): string {
  const cell = (v: unknown) => {
    let s = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = CSV_COLUMNS.map((c) => cell(t(`learning:roster.${c}`))).join(',');
  return `\uFEFF${[header, ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}

/** Per-item outcome of a progress batch, with a localized message for refused items. */
export function presentItemResult(result: ItemResult, t: TFunction) {
  if (result.status !== 'rejected') return result;
  const message =
    t(`validation:${result.code}`, { ...result.params, defaultValue: '' }) || t('validation:invalid');
  return { ...result, message };
}

/** A scored quiz attempt: score, best score, attempts left and per-question feedback. */
export function presentQuizAttempt(result: QuizResult, lang: string) {
  const { quiz, scored, progress, course } = result;
  const state = progress.quizzes[quiz.key];
  const attempts = state?.attempts ?? result.attempt;
  return {
    enrolmentId: result.enrolment.id,
    lessonKey: quiz.key,
    attempt: result.attempt,
    score: scored.score,
    passed: result.passed,
    passingScore: quiz.passingScore,
    bestScore: Math.max(state?.bestScore ?? 0, scored.score),
    quizPassed: result.passed || !!state?.passedAt,
    attemptsLeft: quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts),
    questions: scored.results.map(({ question, correct }) => ({
      key: question.key,
      correct,
      feedback: text(question.feedback, lang, course.sourceLanguage),
    })),
    enrolment: presentEnrolment(result, lang),
  };
}
