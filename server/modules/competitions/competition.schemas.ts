import { z } from 'zod';
import { AUDIENCES } from '../../shared/vocabulary';
import { LanguageTag } from '../forum/forum.schemas';

const Id = z.string().min(1).max(64);
const texts = (max: number) =>
  z.record(LanguageTag, z.string().trim().min(1).max(max)).refine((t) => Object.keys(t).length > 0, {
    params: { code: 'too_small_array', count: 1 },
  });

export const CompetitionParams = z.strictObject({ id: Id });
export const EntryParams = z.strictObject({ id: Id, entryId: Id });

export const CreateCompetitionBody = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/),
    title: texts(200),
    rules: texts(20_000),
    sourceLanguage: LanguageTag,
    opensAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    closesAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length).default([]),
    criteria: z
      .array(
        z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
          title: texts(200),
          maxScore: z.number().int().min(1).max(100),
        }),
      )
      .min(1)
      .max(20)
      .refine((list) => new Set(list.map((c) => c.key)).size === list.length, {
        params: { code: 'duplicate_criterion' },
      }),
    jury: z.array(Id).max(100).default([]),
  })
  .refine((b) => b.closesAt > b.opensAt, { path: ['closesAt'], params: { code: 'closes_before_opens' } });

export const JuryBody = z.strictObject({ jurors: z.array(Id).max(100) });

export const EntryBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z
    .string()
    .max(50_000)
    .refine((s) => s.trim().length > 0, { params: { code: 'too_small_string', count: 1 } }),
  lang: LanguageTag.optional(),
  attachments: z.array(z.string().max(64)).max(10).default([]),
});

export const ScoreBody = z.strictObject({
  scores: z.record(z.string().max(40), z.number()),
  comment: z.string().trim().max(2000).optional(),
});
