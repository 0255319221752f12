import { pickText } from '../../shared/localized';
import type { Course, CourseModule } from './course.model';
import type { Lesson } from './course.schemas';
import { languagesOf } from './localized-map';
import { createLocalizer, type ReaderLanguages } from './localizer';
import { renderMarkdown } from './markdown';

type Localizer = ReturnType<typeof createLocalizer>;
const html = (md: string | null) => (md === null ? null : renderMarkdown(md));

/** Localized labels of the course's level, format and duration. */
function courseLabels(c: Course, t: ReaderLanguages['t']) {
  if (!t) return {};
  return {
    levelLabel: t(`vocabulary:levels.${c.level}`),
    formatLabel: t(`vocabulary:formats.${c.format}`),
    estimatedHoursLabel: c.estimatedHours === null ? null : t('catalog:hours', { count: c.estimatedHours }),
  };
}

/** A course card for lists: texts in the reader's language, with fallback and stale facts. */
export function presentCourseSummary(course: Course, langs: ReaderLanguages) {
  const loc = createLocalizer(langs, course);
  const title = loc.text('title', course.title);
  const summary = loc.text('summary', course.summary);
  return {
    slug: course.slug,
    title,
    summary,
    audiences: course.audiences,
    topics: course.topics,
    level: course.level,
    format: course.format,
    collection: course.collection,
    partners: course.partners,
    estimatedHours: course.estimatedHours,
    coverImageFileId: course.coverImageFileId,
    state: course.state,
    sourceLanguage: course.sourceLanguage,
    availableLanguages: languagesOf(course.title),
    reviewedLanguages: course.reviewedLanguages,
    publishedAt: course.publishedAt,
    updatedAt: course.updatedAt,
    ...courseLabels(course, langs.t),
    ...loc.info(),
  };
}

/** The course page: modules and lessons localized; quiz answers' correctness is never included. */
export function presentCourse(course: Course, langs: ReaderLanguages) {
  const card = presentCourseSummary(course, langs);
  const loc = createLocalizer(langs, course);
  loc.text('title', course.title);
  loc.text('summary', course.summary);
  const description = loc.text('description', course.description);
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  return {
    ...card,
    description,
    descriptionHtml: html(description),
    version: course.version,
    lessonCount: lessons,
    ...(langs.t ? { lessonCountLabel: langs.t('catalog:lessons', { count: lessons }) } : {}),
    modules: course.modules.map((m) => presentModule(m, course, langs)),
    ...loc.info(),
  };
}

function presentModule(m: CourseModule, course: Course, langs: ReaderLanguages) {
  const loc = createLocalizer(langs, course);
  const title = loc.text('title', m.title);
  return {
    key: m.key,
    title,
    ...loc.info(),
    lessons: m.lessons.map((l) =>
      presentLesson(l, createLocalizer(langs, course), langs, course.sourceLanguage),
    ),
  };
}

function presentLesson(l: Lesson, loc: Localizer, langs: ReaderLanguages, source: string) {
  const common = {
    key: l.key,
    kind: l.kind,
    title: loc.text('title', l.title),
    estimatedMinutes: l.estimatedMinutes,
    required: l.required,
  };
  const body = 'body' in l ? loc.text('body', l.body) : null;
  const kindFields = (() => {
    switch (l.kind) {
      case 'text':
      case 'link':
        return { body, bodyHtml: html(body), ...(l.kind === 'link' ? { url: l.url } : {}) };
      case 'quiz':
        return {
          passingScore: l.passingScore,
          maxAttempts: l.maxAttempts,
          questions: l.questions.map((q) => ({
            key: q.key,
            type: q.type,
            prompt: loc.text(`questions.${q.key}.prompt`, q.prompt),
            options: q.options.map((o) => ({
              key: o.key,
              text: loc.text(`questions.${q.key}.options.${o.key}`, o.text),
            })),
          })),
        };
      default: {
        const file = pickText(l.files, langs.requested, source);
        return { body, bodyHtml: html(body), file: file ? { fileId: file.value, lang: file.lang } : null };
      }
    }
  })();
  return { ...common, ...kindFields, ...loc.info() };
}

/** The authoring view: every language, the workflow state, quiz answers and the version. */
export function presentCourseForAuthoring(course: Course) {
  return { ...course, availableLanguages: languagesOf(course.title) };
}
