import { z } from 'zod';
import {
  byLanguage,
  FileId,
  LanguageTag,
  ListQuery,
  localizedText,
  Slug,
  TranslationStatusInput,
} from './catalog.schemas';

const nullable = (max: number) => byLanguage(z.string().trim().min(1).max(max).nullable());
const Issuer = z.strictObject({
  name: z.string().trim().min(1).max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
});
const RequiredCourses = z
  .array(Slug)
  .max(50)
  .refine((a) => new Set(a).size === a.length, { params: { code: 'duplicate_keys' } });
const Score = z.number().int().min(0).max(100).nullable();

export const CreateCredentialBody = z.strictObject({
  slug: Slug,
  sourceLanguage: LanguageTag,
  title: localizedText(300),
  description: localizedText(10_000).default({}),
  criteria: localizedText(20_000).default({}),
  requiredCourses: RequiredCourses.default([]),
  minimumQuizScore: Score.default(null),
  issuer: Issuer,
  imageFileId: FileId.nullable().default(null),
});
export type CreateCredentialInput = z.output<typeof CreateCredentialBody>;

export const PatchCredentialBody = z.strictObject({
  version: z.number().int().min(1),
  title: nullable(300).optional(),
  description: nullable(10_000).optional(),
  criteria: nullable(20_000).optional(),
  requiredCourses: RequiredCourses.optional(),
  minimumQuizScore: Score.optional(),
  issuer: Issuer.optional(),
  imageFileId: FileId.nullable().optional(),
});

export const CredentialTranslationBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  status: TranslationStatusInput,
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().trim().min(1).max(10_000).optional(),
  criteria: z.string().trim().min(1).max(20_000).optional(),
});

export const ListCredentialsQuery = z.strictObject({
  ...ListQuery,
  course: Slug.optional(),
});
export type ListCredentialsQuery = z.output<typeof ListCredentialsQuery>;

/** The list filter a credentials query asks for. */
export function credentialFilter(q: ListCredentialsQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.course) filter.requiredCourses = q.course;
  if (q.available) filter.reviewedLanguages = q.available;
  return filter;
}
