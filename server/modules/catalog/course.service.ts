import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { CollectionRepository } from './collection.repository';
import type { ContentChanges, ContentRepository } from './content.repository';
import {
  type ContentDeps,
  draftFields,
  listPage,
  loadForAuthoring,
  loadVisible,
  mutate,
  requireSourceText,
  transition,
  translationChanges,
} from './content.service';
import type { Course, CourseModule } from './course.model';
import * as outline from './course.outline';
import type {
  CreateCourseInput,
  LessonInput,
  ListCoursesQuery,
  PatchCourseInput,
  PatchLessonInput,
} from './course.schemas';
import { applyCourseTranslation, type CourseTranslationInput, courseTexts } from './course.translation';
import { mergeLocalized, touchedLanguages } from './localized-map';
import { canWriteLanguage, isEditorial, type Transition } from './workflow';

export interface CourseServiceDeps extends ContentDeps {
  readonly courses: ContentRepository<Course>;
  readonly collections: CollectionRepository;
}

type Version = number | undefined;
type TitlePatch = Record<string, string | null>;

/** Courses: public reads, authoring, translation and the publication workflow. */
export function createCourseService(deps: CourseServiceDeps) {
  const { courses } = deps;
  const edit = (
    actor: Actor | undefined,
    slug: string,
    version: Version,
    fn: (c: Course) => ContentChanges<Course>,
  ) => mutate(courses, deps, { actor, slug, version }, fn);
  /** An outline edit: the new modules plus translation bookkeeping for the touched languages. */
  const editOutline = (
    actor: Actor | undefined,
    slug: string,
    version: Version,
    touched: string[],
    fn: (modules: CourseModule[]) => CourseModule[],
  ) =>
    edit(actor, slug, version, (c) => {
      const modules = fn(c.modules);
      return { modules, ...translationChanges(c, { ...c, modules }, courseTexts, touched) };
    });

  return {
    /** A page of courses (published unless an editor or author asks for another state). */
    list(actor: Actor | undefined, q: ListCoursesQuery, sortLanguage: string) {
      const filter: Record<string, unknown> = {};
      if (q.audience) filter.audiences = q.audience;
      if (q.topic) filter.topics = q.topic;
      if (q.collection) filter.collection = q.collection;
      if (q.format) filter.format = q.format;
      if (q.level) filter.level = q.level;
      if (q.available) filter.reviewedLanguages = q.available;
      return listPage(courses, actor, q, filter, sortLanguage, ['modules']);
    },

    /** One course if the actor may see it (drafts: author, reviewers, staff), else 404. */
    get: (actor: Actor | undefined, slug: string) => loadVisible(courses, actor, slug),

    /** All languages and quiz answers: for authors, translators, reviewers and staff. */
    getForAuthoring: (actor: Actor | undefined, slug: string) => loadForAuthoring(courses, actor, slug),

    /** Creates a draft owned by the actor. */
    async create(actor: Actor, input: CreateCourseInput) {
      const draft = draftFields(input, actor);
      await checkCollection(deps.collections, input.collection);
      const created = await courses.insert({
        ...input,
        modules: outline.buildOutline(input.modules),
        ...draft,
      });
      deps.invalidate();
      return created;
    },

    /** Metadata replaced, texts merged per language; requires the current version. */
    async patch(actor: Actor, slug: string, input: PatchCourseInput) {
      const { version, title, summary, description, ...meta } = input;
      if (meta.collection) await checkCollection(deps.collections, meta.collection);
      return edit(actor, slug, version, (c) => {
        const texts = {
          title: mergeLocalized(c.title, title),
          summary: mergeLocalized(c.summary, summary),
          description: mergeLocalized(c.description, description),
        };
        requireSourceText(texts.title, c.sourceLanguage);
        const touched = touchedLanguages(title, summary, description);
        return { ...meta, ...texts, ...translationChanges(c, { ...c, ...texts }, courseTexts, touched) };
      });
    },

    /** Writes one language's texts (course, modules, lessons, quizzes) and its status. */
    async putTranslation(actor: Actor, slug: string, lang: string, input: CourseTranslationInput) {
      if (input.status === 'reviewed' && !isEditorial(actor)) throw new AppError('forbidden');
      return mutate(
        courses,
        deps,
        { actor, slug, version: input.version, allowed: canWriteLanguage(lang) },
        (c) => {
          const texts = applyCourseTranslation(c, lang, input);
          const explicit = { lang, status: input.status };
          return { ...texts, ...translationChanges(c, { ...c, ...texts }, courseTexts, [lang], explicit) };
        },
      );
    },

    addModule: (
      actor: Actor,
      slug: string,
      v: Version,
      input: { key?: string | undefined; title: Record<string, string> },
    ) => editOutline(actor, slug, v, Object.keys(input.title), (m) => outline.addModule(m, input)),
    patchModule: (actor: Actor, slug: string, v: Version, key: string, title: TitlePatch) =>
      editOutline(actor, slug, v, touchedLanguages(title), (m) => outline.patchModule(m, key, title)),
    removeModule: (actor: Actor, slug: string, v: Version, key: string) =>
      editOutline(actor, slug, v, [], (m) => outline.removeModule(m, key)),
    reorderModules: (actor: Actor, slug: string, v: Version, keys: string[]) =>
      editOutline(actor, slug, v, [], (m) => outline.reorderModules(m, keys)),
    addLesson: (actor: Actor, slug: string, v: Version, moduleKey: string, lesson: LessonInput) =>
      editOutline(
        actor,
        slug,
        v,
        Object.keys(lesson.title),
        (m) => outline.addLesson(m, moduleKey, lesson).modules,
      ),
    patchLesson: (
      actor: Actor,
      slug: string,
      v: Version,
      moduleKey: string,
      lessonKey: string,
      patch: Omit<PatchLessonInput, 'version'>,
    ) =>
      editOutline(actor, slug, v, touchedLanguages(patch.title, patch.body), (m) =>
        outline.patchLesson(m, moduleKey, lessonKey, patch),
      ),
    removeLesson: (actor: Actor, slug: string, v: Version, moduleKey: string, lessonKey: string) =>
      editOutline(actor, slug, v, [], (m) => outline.removeLesson(m, moduleKey, lessonKey)),
    reorderLessons: (actor: Actor, slug: string, v: Version, moduleKey: string, keys: string[]) =>
      editOutline(actor, slug, v, [], (m) => outline.reorderLessons(m, moduleKey, keys)),

    /** submit (author) / publish, archive (reviewer, staff). */
    transition: (actor: Actor, slug: string, action: Transition, version?: number) =>
      transition(courses, deps, actor, slug, action, version),
  };
}

export type CourseService = ReturnType<typeof createCourseService>;

async function checkCollection(collections: CollectionRepository, slug: string | null): Promise<void> {
  if (slug === null) return;
  if ((await collections.list()).some((c) => c.slug === slug)) return;
  throw new AppError('validation_failed', {
    issues: [{ in: 'body', path: ['collection'], code: 'unknown_collection', params: { value: slug } }],
  });
}
