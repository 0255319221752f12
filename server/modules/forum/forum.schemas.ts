import { z } from 'zod';
import { isLanguageTag } from '../../shared/i18n';
import { CATEGORY_KINDS, POSTING_POLICIES } from './category.model';
import { DIGEST_FREQUENCIES } from './digest.model';
import { POST_ACTIONS, THREAD_ACTIONS } from './moderation.service';
import { REPORT_REASONS } from './report.model';

/** Longest post body in characters (Markdown source); a longer one is a 400 naming the limit. */
export const BODY_MAX_CHARS = 50_000;
export const TITLE_MAX_CHARS = 200;
const MAX_ATTACHMENTS = 10;

/** A BCP 47 tag, canonicalized (`zh-hans` → `zh-Hans`). */
export const LanguageTag = z
  .string()
  .max(35)
  .refine(isLanguageTag, { params: { code: 'invalid_language_tag' } })
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] as string);

const Id = z.string().min(1).max(64);
const Reason = z.string().trim().min(1).max(500);
const Cursor = z.string().max(200).optional();
const limit = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback);
const Body = z
  .string()
  .max(BODY_MAX_CHARS)
  .refine((s) => s.trim().length > 0, { params: { code: 'too_small_string', count: 1 } });
const Attachments = z.array(z.string().max(64)).max(MAX_ATTACHMENTS).default([]);

export const IdParams = z.strictObject({ id: Id });

export const ListCategoriesQuery = z.object({
  kind: z.enum(CATEGORY_KINDS).optional(),
  scope: z.string().max(100).optional(),
});

export const CreateCategoryBody = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/),
  kind: z.enum(CATEGORY_KINDS),
  scope: z.string().max(100).nullable().default(null),
  title: z
    .record(LanguageTag, z.string().trim().min(1).max(TITLE_MAX_CHARS))
    .refine((t) => Object.keys(t).length > 0, {
      params: { code: 'too_small_array', count: 1 },
    }),
  description: z.record(LanguageTag, z.string().max(2000)).default({}),
  defaultLanguage: LanguageTag,
  postingPolicy: z.enum(POSTING_POLICIES).default('everyone'),
  position: z.number().int().min(0).max(10_000).default(0),
});

export const PageQuery = z.object({ cursor: Cursor, limit: limit(20) });
export const ThreadPageQuery = z.object({ cursor: Cursor, limit: limit(50) });

export const CreateThreadBody = z.strictObject({
  categoryId: Id,
  title: z.string().trim().min(1).max(TITLE_MAX_CHARS),
  body: Body,
  lang: LanguageTag.optional(),
  attachments: Attachments,
});

export const ReplyBody = z.strictObject({
  body: Body,
  lang: LanguageTag.optional(),
  quotePostId: Id.optional(),
  attachments: Attachments,
});

export const EditPostBody = z.strictObject({ body: Body, lang: LanguageTag.optional() });
export const DeletePostQuery = z.object({ reason: Reason.optional() });
export const ReactionBody = z.strictObject({ kind: z.literal('like').default('like') });

export const ReportBody = z.strictObject({
  reason: z.enum(REPORT_REASONS),
  note: z.string().trim().max(1000).optional(),
});

export const QueueQuery = z.object({
  categoryId: Id.optional(),
  lang: LanguageTag.optional(),
  /** The moderator's reading languages, comma-separated, most fluent first. */
  languages: z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: limit(20),
});

export const PostModerationBody = z.strictObject({ action: z.enum(POST_ACTIONS), reason: Reason });

export const ThreadModerationBody = z
  .strictObject({ action: z.enum(THREAD_ACTIONS), reason: Reason, categoryId: Id.optional() })
  .refine((b) => b.action !== 'move' || !!b.categoryId, {
    path: ['categoryId'],
    params: { code: 'required' },
  });

export const SubscribeBody = z
  .strictObject({ threadId: Id.optional(), categoryId: Id.optional() })
  .refine((b) => !!b.threadId !== !!b.categoryId, { params: { code: 'one_target_required' } });

export const NotificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  cursor: Cursor,
  limit: limit(20),
});

export const MarkReadBody = z.union([
  z.strictObject({ ids: z.array(z.string().max(64)).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);

export const DigestBody = z.strictObject({ frequency: z.enum(DIGEST_FREQUENCIES) });

/** A subscription's own digest; `null` follows the user's global choice. */
export const SubscriptionDigestBody = z.strictObject({ digest: z.enum(DIGEST_FREQUENCIES).nullable() });
