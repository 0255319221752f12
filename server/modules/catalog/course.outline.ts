import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { CourseModule } from './course.model';
import type { Lesson, LessonInput, ModuleInput, PatchLessonInput } from './course.schemas';
import { LessonInput as LessonSchema } from './course.schemas';
import { mergeLocalized } from './localized-map';

/** Pure edits of a course's module/lesson outline; each returns a new array. */

/** A short random key not in `taken`. */
export function freshKey(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const key = `${prefix}${randomBytes(3).toString('hex')}`;
    if (!taken.has(key)) return key;
  }
}

/** Every lesson key in the course (lesson keys are unique course-wide). */
export function lessonKeys(modules: readonly CourseModule[]): Set<string> {
  return new Set(modules.flatMap((m) => m.lessons.map((l) => l.key)));
}

const notFound = (resource: 'module' | 'lesson', key: string) =>
  new AppError('not_found', { params: { resource }, extensions: { key } });
const duplicate = (field: string, key: string) =>
  new AppError('duplicate', { params: { field }, extensions: { key } });

/** Gives keys to keyless modules and lessons and checks uniqueness. */
export function buildOutline(modules: readonly ModuleInput[]): CourseModule[] {
  const moduleKeys = new Set<string>();
  const lessons = new Set<string>();
  return modules.map((m) => {
    const key = m.key ?? freshKey('m', moduleKeys);
    if (moduleKeys.has(key)) throw duplicate('module', key);
    moduleKeys.add(key);
    return { key, title: m.title, lessons: m.lessons.map((l) => keyLesson(l, lessons)) };
  });
}

function keyLesson(lesson: LessonInput, taken: Set<string>): Lesson {
  const key = lesson.key ?? freshKey('l', taken);
  if (taken.has(key)) throw duplicate('lesson', key);
  taken.add(key);
  return { ...lesson, key };
}

function moduleIndex(modules: readonly CourseModule[], key: string): number {
  const i = modules.findIndex((m) => m.key === key);
  if (i < 0) throw notFound('module', key);
  return i;
}

function withModule(modules: readonly CourseModule[], key: string, fn: (m: CourseModule) => CourseModule) {
  const i = moduleIndex(modules, key);
  return modules.map((m, j) => (j === i ? fn(m) : m));
}

/** Appends a module. */
export function addModule(modules: readonly CourseModule[], input: Omit<ModuleInput, 'lessons'>) {
  const taken = new Set(modules.map((m) => m.key));
  const key = input.key ?? freshKey('m', taken);
  if (taken.has(key)) throw duplicate('module', key);
  return [...modules, { key, title: input.title, lessons: [] }];
}

/** Merges a title patch into a module. */
export function patchModule(
  modules: readonly CourseModule[],
  key: string,
  title: Record<string, string | null>,
) {
  return withModule(modules, key, (m) => ({ ...m, title: mergeLocalized(m.title, title) }));
}

/** Removes a module with its lessons. */
export function removeModule(modules: readonly CourseModule[], key: string): CourseModule[] {
  moduleIndex(modules, key);
  return modules.filter((m) => m.key !== key);
}

/** Puts items in the order of `keys`, which must name each item exactly once. */
export function reorder<T extends { key: string }>(items: readonly T[], keys: readonly string[]): T[] {
  const byKey = new Map(items.map((i) => [i.key, i]));
  if (keys.length !== items.length || new Set(keys).size !== keys.length || keys.some((k) => !byKey.has(k))) {
    throw new AppError('validation_failed', {
      issues: [
        {
          in: 'body',
          path: ['keys'],
          code: 'invalid_order',
          params: { expected: [...byKey.keys()].join(', ') },
        },
      ],
    });
  }
  return keys.map((k) => byKey.get(k) as T);
}

/** Reorders the modules. */
export function reorderModules(modules: readonly CourseModule[], keys: readonly string[]) {
  return reorder(modules, keys);
}

/** Appends a lesson to a module; the lesson key must be unique in the course. */
export function addLesson(modules: readonly CourseModule[], moduleKey: string, input: LessonInput) {
  moduleIndex(modules, moduleKey);
  const lesson = keyLesson(input, lessonKeys(modules));
  return {
    modules: withModule(modules, moduleKey, (m) => ({ ...m, lessons: [...m.lessons, lesson] })),
    lesson,
  };
}

/** Finds a lesson of a module, or 404. */
export function findLesson(modules: readonly CourseModule[], moduleKey: string, lessonKey: string): Lesson {
  const lesson = modules[moduleIndex(modules, moduleKey)]?.lessons.find((l) => l.key === lessonKey);
  if (!lesson) throw notFound('lesson', lessonKey);
  return lesson;
}

/** Merges a patch into a lesson; the result must still be a valid lesson of its kind. */
export function patchLesson(
  modules: readonly CourseModule[],
  moduleKey: string,
  lessonKey: string,
  patch: Omit<PatchLessonInput, 'version'>,
) {
  const current = findLesson(modules, moduleKey, lessonKey) as Record<string, unknown>;
  const { title, body, files, ...plain } = patch;
  const merged: Record<string, unknown> = { ...current, ...plain };
  if (title) merged.title = mergeLocalized(current.title as Record<string, string>, title);
  if (body) merged.body = mergeLocalized((current.body ?? {}) as Record<string, string>, body);
  if (files) merged.files = mergeLocalized((current.files ?? {}) as Record<string, string>, files);
  const checked = LessonSchema.safeParse(merged);
  if (!checked.success) {
    throw new AppError('validation_failed', {
      issues: checked.error.issues.map((i) => ({
        in: 'body' as const,
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        code: i.code === 'unrecognized_keys' ? 'not_for_this_kind' : i.code,
        params: { kind: String(current.kind) },
      })),
    });
  }
  const lesson: Lesson = { ...checked.data, key: lessonKey };
  return withModule(modules, moduleKey, (m) => ({
    ...m,
    lessons: m.lessons.map((l) => (l.key === lessonKey ? lesson : l)),
  }));
}

/** Removes a lesson. */
export function removeLesson(modules: readonly CourseModule[], moduleKey: string, lessonKey: string) {
  findLesson(modules, moduleKey, lessonKey);
  return withModule(modules, moduleKey, (m) => ({
    ...m,
    lessons: m.lessons.filter((l) => l.key !== lessonKey),
  }));
}

/** Reorders the lessons of one module. */
export function reorderLessons(modules: readonly CourseModule[], moduleKey: string, keys: readonly string[]) {
  return withModule(modules, moduleKey, (m) => ({ ...m, lessons: reorder(m.lessons, keys) }));
}
