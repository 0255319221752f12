import { z } from 'zod';
import { TOPICS } from '../../shared/vocabulary';
import {
  byLanguage,
  FileId,
  LanguageTag,
  ListQuery,
  localizedText,
  Slug,
  TranslationStatusInput,
} from './catalog.schemas';
import { RESOURCE_TYPES } from './resource.model';

const names = z.array(z.string().trim().min(1).max(200)).max(50);
const Year = z.number().int().min(1900).max(2100);
const nullable = (max: number) => byLanguage(z.string().trim().min(1).max(max).nullable());

export const CreateResourceBody = z.strictObject({
  slug: Slug,
  sourceLanguage: LanguageTag,
  type: z.enum(RESOURCE_TYPES),
  year: Year,
  authors: names.default([]),
  partners: names.default([]),
  topics: z.array(z.enum(TOPICS)).max(TOPICS.length).default([]),
  title: localizedText(300),
  abstract: localizedText(10_000).default({}),
  files: byLanguage(FileId).default({}),
  coverImageFileId: FileId.nullable().default(null),
});
export type CreateResourceInput = z.output<typeof CreateResourceBody>;

export const PatchResourceBody = z.strictObject({
  version: z.number().int().min(1),
  type: z.enum(RESOURCE_TYPES).optional(),
  year: Year.optional(),
  authors: names.optional(),
  partners: names.optional(),
  topics: z.array(z.enum(TOPICS)).max(TOPICS.length).optional(),
  title: nullable(300).optional(),
  abstract: nullable(10_000).optional(),
  files: byLanguage(FileId.nullable()).optional(),
  coverImageFileId: FileId.nullable().optional(),
});

export const ResourceTranslationBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  status: TranslationStatusInput,
  title: z.string().trim().min(1).max(300).optional(),
  abstract: z.string().trim().min(1).max(10_000).optional(),
  file: FileId.optional(),
});

export const ListResourcesQuery = z.strictObject({
  ...ListQuery,
  type: z.enum(RESOURCE_TYPES).optional(),
  topic: z.enum(TOPICS).optional(),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
});
export type ListResourcesQuery = z.output<typeof ListResourcesQuery>;

/** The list filter a resources query asks for. */
export function resourceFilter(q: ListResourcesQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.type) filter.type = q.type;
  if (q.topic) filter.topics = q.topic;
  if (q.year) filter.year = q.year;
  if (q.available) filter.reviewedLanguages = q.available;
  return filter;
}
