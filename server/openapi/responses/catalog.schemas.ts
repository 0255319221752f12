import { z } from 'zod';
import { Dir, IsoDate, Labelled } from './common';

/** How a catalog item was localized: the language served, fallbacks per field, stale translations. */
export const Localization = {
  lang: z.string(),
  dir: Dir,
  fallback: z
    .record(z.string(), z.object({ lang: z.string(), dir: Dir }))
    .meta({ description: 'Fields served in another language than asked → the language served' }),
  stale: z.boolean().meta({ description: 'Some served text is a translation outdated by a source edit' }),
};
const Text = z.string().nullable();
const Common = {
  slug: z.string(),
  state: z.string(),
  sourceLanguage: z.string(),
  availableLanguages: z.array(z.string()),
  reviewedLanguages: z.array(z.string()),
  publishedAt: IsoDate.nullable(),
  updatedAt: IsoDate,
};

export const CourseSummary = z.object({
  ...Common,
  title: Text,
  summary: Text,
  audiences: z.array(z.string()),
  topics: z.array(z.string()),
  level: z.string(),
  format: z.string(),
  collection: z.string().nullable(),
  partners: z.array(z.string()),
  estimatedHours: z.number().nullable(),
  coverImageFileId: z.string().nullable(),
  levelLabel: z.string().optional(),
  formatLabel: z.string().optional(),
  estimatedHoursLabel: z.string().nullable().optional(),
  ...Localization,
});

const Lesson = z.looseObject({
  key: z.string(),
  kind: z.enum(['text', 'video', 'audio', 'document', 'link', 'quiz']),
  title: Text,
  estimatedMinutes: z.number().nullable(),
  required: z.boolean(),
  ...Localization,
});

export const Course = CourseSummary.extend({
  description: Text,
  descriptionHtml: Text,
  version: z.int(),
  lessonCount: z.int().min(0),
  lessonCountLabel: z.string().optional(),
  modules: z.array(z.object({ key: z.string(), title: Text, ...Localization, lessons: z.array(Lesson) })),
});

export const Resource = z.object({
  ...Common,
  type: z.string(),
  year: z.int(),
  authors: z.array(z.string()),
  partners: z.array(z.string()),
  topics: z.array(z.string()),
  title: Text,
  abstract: Text,
  file: z.object({ fileId: z.string(), lang: z.string(), dir: Dir }).nullable(),
  editions: z.array(z.string()),
  coverImageFileId: z.string().nullable(),
  ...Localization,
});

export const CredentialDefinition = z.object({
  ...Common,
  title: Text,
  description: Text,
  criteria: Text,
  criteriaHtml: Text,
  requiredCourses: z.array(z.string()),
  minimumQuizScore: z.number().nullable(),
  issuer: z.object({ name: z.string(), url: z.string().nullable() }),
  imageFileId: z.string().nullable(),
  ...Localization,
});

/** The authoring view: the stored item with every language (maps of language → text), workflow state and version. */
export const Authoring = z
  .looseObject({
    slug: z.string(),
    state: z.string(),
    version: z.int(),
    sourceLanguage: z.string(),
    title: z.record(z.string(), z.string()),
    availableLanguages: z.array(z.string()),
  })
  .meta({ description: 'Authoring view: all languages, quiz answers, workflow state, version' });

export const WorklistEntry = z.object({
  kind: z.string(),
  slug: z.string(),
  title: Text,
  sourceLanguage: z.string(),
  state: z.string(),
  status: z.string().nullable(),
  reason: z.string(),
  missingTexts: z.int().min(0),
  totalTexts: z.int().min(0),
  version: z.int(),
  updatedAt: IsoDate,
  kindLabel: z.string(),
  reasonLabel: z.string(),
  ...Localization,
});

export const Vocabulary = z.object({
  lang: z.string(),
  dir: Dir,
  audiences: z.array(Labelled),
  topics: z.array(Labelled),
  levels: z.array(Labelled),
  formats: z.array(Labelled),
  resourceTypes: z.array(Labelled),
  sorts: z.array(Labelled),
  lessonKinds: z.array(Labelled),
  states: z.array(Labelled),
  translationStates: z.array(Labelled),
});

export const Collection = z.object({
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  lang: z.string(),
  dir: Dir,
  fallback: z.record(z.string(), z.string()),
  availableLanguages: z.array(z.string()),
});
