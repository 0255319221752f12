import { z } from 'zod';
import { AppError, type FieldIssue } from '../../shared/errors';
import { FileId, Key, TranslationStatusInput } from './catalog.schemas';
import type { LocalizedMap } from './content.types';
import type { Course, CourseModule } from './course.model';
import type { Lesson } from './course.schemas';

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const keyed = <V extends z.ZodType>(v: V) => z.record(Key, v).optional();

const QuestionTranslation = z.strictObject({
  prompt: text(5000),
  feedback: text(5000),
  options: keyed(z.string().trim().min(1).max(1000)),
});
const LessonTranslation = z.strictObject({
  title: text(300),
  body: text(100_000),
  file: FileId.optional(),
  questions: keyed(QuestionTranslation),
});

/** PUT /api/courses/:slug/translations/:lang — one language's texts, addressed by keys. */
export const CourseTranslationBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  status: TranslationStatusInput,
  title: text(300),
  summary: text(2000),
  description: text(100_000),
  modules: keyed(z.strictObject({ title: text(300), lessons: keyed(LessonTranslation) })),
});
export type CourseTranslationInput = z.output<typeof CourseTranslationBody>;

/** Every translatable text of a course in `lang`, in a fixed order (aligned across languages). */
export function courseTexts(
  course: Pick<Course, 'title' | 'summary' | 'description' | 'modules'>,
  lang: string,
) {
  const out: (string | undefined)[] = [course.title[lang], course.summary[lang], course.description[lang]];
  for (const m of course.modules) {
    out.push(m.title[lang]);
    for (const l of m.lessons) out.push(...lessonTexts(l, lang));
  }
  return out;
}

function lessonTexts(lesson: Lesson, lang: string): (string | undefined)[] {
  const out = [lesson.title[lang]];
  if ('body' in lesson) out.push(lesson.body[lang]);
  if (lesson.kind === 'quiz') {
    for (const q of lesson.questions) {
      out.push(q.prompt[lang], q.feedback[lang], ...q.options.map((o) => o.text[lang]));
    }
  }
  return out;
}

const set = (map: LocalizedMap, lang: string, value: string | undefined) =>
  value === undefined ? map : { ...map, [lang]: value };

/**
 * Writes one language's texts into the course; keys that name no module, lesson, question or
 * option are reported together as one validation_failed error.
 */
export function applyCourseTranslation(course: Course, lang: string, input: CourseTranslationInput) {
  const issues: FieldIssue[] = [];
  const unknown = (path: string[]) => issues.push({ in: 'body', path, code: 'unknown_key', params: {} });
  for (const key of Object.keys(input.modules ?? {}))
    if (!course.modules.some((m) => m.key === key)) unknown(['modules', key]);
  const modules = course.modules.map((m): CourseModule => {
    const t = input.modules?.[m.key];
    if (!t) return m;
    for (const key of Object.keys(t.lessons ?? {}))
      if (!m.lessons.some((l) => l.key === key)) unknown(['modules', m.key, 'lessons', key]);
    const lessons = m.lessons.map((l) =>
      translateLesson(l, lang, t.lessons?.[l.key], (p) =>
        unknown(['modules', m.key, 'lessons', l.key, ...p]),
      ),
    );
    return { ...m, title: set(m.title, lang, t.title), lessons };
  });
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  return {
    title: set(course.title, lang, input.title),
    summary: set(course.summary, lang, input.summary),
    description: set(course.description, lang, input.description),
    modules,
  };
}

type LessonT = z.output<typeof LessonTranslation>;

function translateLesson(
  lesson: Lesson,
  lang: string,
  t: LessonT | undefined,
  unknown: (p: string[]) => void,
) {
  if (!t) return lesson;
  const out = { ...lesson, title: set(lesson.title, lang, t.title) } as Lesson;
  if ('body' in out) out.body = set(out.body, lang, t.body);
  else if (t.body !== undefined) unknown(['body']);
  if ('files' in out) out.files = set(out.files, lang, t.file);
  else if (t.file !== undefined) unknown(['file']);
  if (out.kind !== 'quiz') {
    if (t.questions) unknown(['questions']);
    return out;
  }
  for (const key of Object.keys(t.questions ?? {}))
    if (!out.questions.some((q) => q.key === key)) unknown(['questions', key]);
  out.questions = out.questions.map((q) => {
    const qt = t.questions?.[q.key];
    if (!qt) return q;
    for (const key of Object.keys(qt.options ?? {}))
      if (!q.options.some((o) => o.key === key)) unknown(['questions', q.key, 'options', key]);
    return {
      ...q,
      prompt: set(q.prompt, lang, qt.prompt),
      feedback: set(q.feedback, lang, qt.feedback),
      options: q.options.map((o) => ({ ...o, text: set(o.text, lang, qt.options?.[o.key]) })),
    };
  });
  return out;
}
