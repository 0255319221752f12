import type { CourseModule } from '../catalog/course.model';
import type { Lesson } from '../catalog/course.schemas';
import type { QuizState } from './enrolment.model';

/** A lesson in course order, with what the completion rule needs. */
export interface OutlineLesson {
  readonly key: string;
  readonly moduleKey: string;
  readonly kind: Lesson['kind'];
  readonly required: boolean;
  readonly lesson: Lesson;
}

/** The progress-related part of an enrolment. */
export interface ProgressState {
  readonly completedLessons: readonly string[];
  readonly quizzes: Readonly<Record<string, QuizState>>;
}

/** Lessons of a course in reading order (module order, then lesson order). */
export function flattenLessons(modules: readonly CourseModule[]): OutlineLesson[] {
  return modules.flatMap((m) =>
    m.lessons.map((lesson) => ({
      key: lesson.key,
      moduleKey: m.key,
      kind: lesson.kind,
      required: lesson.required !== false,
      lesson,
    })),
  );
}

/** True when the learner has done this lesson: a quiz is done once passed, others once completed. */
export function isLessonDone(lesson: OutlineLesson, state: ProgressState): boolean {
  if (lesson.kind === 'quiz') return !!state.quizzes[lesson.key]?.passedAt;
  return state.completedLessons.includes(lesson.key);
}

/**
 * The completion rule: every required lesson completed and every required quiz passed. A course
 * without required lessons completes when every lesson is done (never on an empty course).
 */
export function isCourseComplete(lessons: readonly OutlineLesson[], state: ProgressState): boolean {
  const counted = countedLessons(lessons);
  return counted.length > 0 && counted.every((l) => isLessonDone(l, state));
}

/** The lessons that still keep the course from completing (empty when it is complete). */
export function missingLessons(lessons: readonly OutlineLesson[], state: ProgressState): OutlineLesson[] {
  return countedLessons(lessons).filter((l) => !isLessonDone(l, state));
}

/** Progress in percent (of the counted lessons) and the first lesson not yet done. */
export function progressOf(
  lessons: readonly OutlineLesson[],
  state: ProgressState,
): { percent: number; nextLesson: OutlineLesson | null } {
  const counted = countedLessons(lessons);
  const done = counted.filter((l) => isLessonDone(l, state)).length;
  const percent = counted.length === 0 ? 0 : Math.floor((done * 100) / counted.length);
  return { percent, nextLesson: lessons.find((l) => !isLessonDone(l, state)) ?? null };
}

/** The best score on each quiz lesson of the course (0 when never attempted). */
export function quizScores(lessons: readonly OutlineLesson[], state: ProgressState): number[] {
  return lessons.filter((l) => l.kind === 'quiz').map((l) => state.quizzes[l.key]?.bestScore ?? 0);
}

function countedLessons(lessons: readonly OutlineLesson[]): readonly OutlineLesson[] {
  const required = lessons.filter((l) => l.required);
  return required.length > 0 ? required : lessons;
}
