import { z } from 'zod';
import { isKnownLanguage } from '../../shared/i18n';
import { PUBLICATION_STATES, TRANSLATION_STATES } from './content.types';

/** Canonical form of a BCP 47 tag (`zh-hans` → `zh-Hans`). */
export function canonicalTag(tag: string): string {
  return Intl.getCanonicalLocales(tag)[0] ?? tag;
}

export const Slug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** Module, lesson, question and option keys: stable, URL- and field-name-safe. */
export const Key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/);

/** A GridFS file id (owned by the files module). */
export const FileId = z.string().regex(/^[a-f0-9]{24}$/);

export const LanguageTag = z
  .string()
  .max(35)
  .refine(isKnownLanguage, { params: { code: 'invalid_language' } })
  .transform(canonicalTag);

/** A record keyed by language tag; keys are checked and canonicalized. */
export function byLanguage<V extends z.ZodType>(value: V) {
  return z
    .record(z.string().max(35), value)
    .superRefine((map, ctx) => {
      for (const key of Object.keys(map)) {
        if (!isKnownLanguage(key))
          ctx.addIssue({ code: 'custom', path: [key], params: { code: 'invalid_language', value: key } });
      }
    })
    .transform((map) => {
      const out: Record<string, z.output<V>> = {};
      for (const [key, v] of Object.entries(map)) out[canonicalTag(key)] = v as z.output<V>;
      return out;
    });
}

/** A translatable text of at most `max` characters per language. */
export function localizedText(max: number) {
  return byLanguage(z.string().trim().min(1).max(max));
}

export const TranslationStatusMap = byLanguage(z.enum(TRANSLATION_STATES));

export const PageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

/** Query fields every content list takes: paging, `available=<lang>`, sort, state and `?lang=`. */
export const ListQuery = {
  ...PageQuery,
  available: LanguageTag.optional(),
  sort: z.enum(['newest', 'title']).default('newest'),
  state: z.enum(PUBLICATION_STATES).default('published'),
  lang: z.string().optional(),
};

export const SlugParams = z.strictObject({ slug: z.string().max(200) });

/** `?version=` on DELETE and submit/publish/archive (bodiless); when given it must be current. */
export const VersionQuery = z.strictObject({
  version: z.coerce.number().int().min(1).optional(),
  lang: z.string().optional(),
});

export const TranslationStatusInput = z.enum(['draft', 'reviewed']).default('draft');
