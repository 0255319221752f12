import { z } from 'zod';
import { AUDIENCES, COURSE_FORMATS, LEVELS, TOPICS } from '../../shared/vocabulary';
import { byLanguage, FileId, Key, LanguageTag, ListQuery, localizedText, Slug } from './catalog.schemas';

const Title = localizedText(300);
const Markdown = localizedText(100_000);

const Option = z.strictObject({ key: Key, text: localizedText(1000), correct: z.boolean() });

const Question = z
  .strictObject({
    key: Key,
    type: z.enum(['single', 'multiple']),
    prompt: localizedText(5000),
    options: z.array(Option).min(2).max(20),
    feedback: localizedText(5000).default({}),
  })
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (q.type === 'single' ? correct !== 1 : correct < 1)
      ctx.addIssue({ code: 'custom', path: ['options'], params: { code: 'correct_options', type: q.type } });
    if (new Set(q.options.map((o) => o.key)).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], params: { code: 'duplicate_keys' } });
  });

const common = {
  key: Key.optional(),
  title: Title,
  estimatedMinutes: z.number().int().min(1).max(10_000).nullable().default(null),
  required: z.boolean().default(true),
};

const media = (kind: 'video' | 'audio' | 'document') =>
  z.strictObject({ ...common, kind: z.literal(kind), files: byLanguage(FileId), body: Markdown.default({}) });

/** A lesson as written: text, video/audio/document file, external link or quiz. */
export const LessonInput = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('text'), body: Markdown }),
  media('video'),
  media('audio'),
  media('document'),
  z.strictObject({
    ...common,
    kind: z.literal('link'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    body: Markdown.default({}),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('quiz'),
    passingScore: z.number().int().min(0).max(100),
    maxAttempts: z.number().int().min(1).max(100).nullable().default(null),
    questions: z.array(Question).min(1).max(100),
  }),
]);
export type LessonInput = z.output<typeof LessonInput>;
/** A stored lesson: its key is always set. */
export type Lesson = LessonInput & { key: string };
export type Question = z.output<typeof Question>;

export const ModuleInput = z.strictObject({
  key: Key.optional(),
  title: Title,
  lessons: z.array(LessonInput).max(200).default([]),
});
export type ModuleInput = z.output<typeof ModuleInput>;

/** Course metadata that is not translated. */
const courseMeta = {
  audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length).default([]),
  topics: z.array(z.enum(TOPICS)).max(TOPICS.length).default([]),
  level: z.enum(LEVELS),
  format: z.enum(COURSE_FORMATS),
  collection: Slug.nullable().default(null),
  partners: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  estimatedHours: z.number().min(0).max(10_000).nullable().default(null),
  coverImageFileId: FileId.nullable().default(null),
};

export const CreateCourseBody = z.strictObject({
  slug: Slug,
  sourceLanguage: LanguageTag,
  title: Title,
  summary: localizedText(2000).default({}),
  description: Markdown.default({}),
  ...courseMeta,
  modules: z.array(ModuleInput).max(100).default([]),
});
export type CreateCourseInput = z.output<typeof CreateCourseBody>;

const nullableText = (max: number) => byLanguage(z.string().trim().min(1).max(max).nullable());

/** PATCH: metadata replaced, translatable fields merged per language (null removes a language). */
export const PatchCourseBody = z.strictObject({
  version: z.number().int().min(1),
  title: nullableText(300).optional(),
  summary: nullableText(2000).optional(),
  description: nullableText(100_000).optional(),
  audiences: courseMeta.audiences.unwrap().optional(),
  topics: courseMeta.topics.unwrap().optional(),
  level: courseMeta.level.optional(),
  format: courseMeta.format.optional(),
  collection: Slug.nullable().optional(),
  partners: courseMeta.partners.unwrap().optional(),
  estimatedHours: z.number().min(0).max(10_000).nullable().optional(),
  coverImageFileId: FileId.nullable().optional(),
});
export type PatchCourseInput = z.output<typeof PatchCourseBody>;

export const ListCoursesQuery = z.strictObject({
  ...ListQuery,
  audience: z.enum(AUDIENCES).optional(),
  topic: z.enum(TOPICS).optional(),
  collection: Slug.optional(),
  format: z.enum(COURSE_FORMATS).optional(),
  level: z.enum(LEVELS).optional(),
});
export type ListCoursesQuery = z.output<typeof ListCoursesQuery>;

const optionalVersion = { version: z.number().int().min(1).optional() };

export const CreateModuleBody = z.strictObject({ ...optionalVersion, key: Key.optional(), title: Title });
export const PatchModuleBody = z.strictObject({ ...optionalVersion, title: nullableText(300) });
export const ReorderBody = z.strictObject({ ...optionalVersion, keys: z.array(Key).min(1).max(200) });

export const CreateLessonBody = z.object({ lesson: LessonInput, ...optionalVersion }).strict();

/** PATCH a lesson: any of its fields; translatable ones merge per language. */
export const PatchLessonBody = z.strictObject({
  ...optionalVersion,
  title: nullableText(300).optional(),
  body: nullableText(100_000).optional(),
  files: byLanguage(FileId.nullable()).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  estimatedMinutes: z.number().int().min(1).max(10_000).nullable().optional(),
  required: z.boolean().optional(),
  passingScore: z.number().int().min(0).max(100).optional(),
  maxAttempts: z.number().int().min(1).max(100).nullable().optional(),
  questions: z.array(Question).min(1).max(100).optional(),
});
export type PatchLessonInput = z.output<typeof PatchLessonBody>;

export const ModuleParams = z.strictObject({ slug: z.string().max(200), moduleKey: Key });
export const LessonParams = ModuleParams.extend({ lessonKey: Key });
