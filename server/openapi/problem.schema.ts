import { z } from 'zod';
import { PROBLEM_TYPE_PREFIX } from '../shared/problem';
import type { ErrorStatus, NamedExample } from './registry';

/** RFC 9457 problem details as server/shared/problem.ts sends them (extensions allowed). */
export const Problem = z
  .looseObject({
    type: z.string().regex(new RegExp(`^${PROBLEM_TYPE_PREFIX}`)),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string(),
    code: z.string().meta({ description: 'Stable error code; see docs/errors.md' }),
    requestId: z.string().optional(),
    lang: z.string(),
    dir: z.enum(['ltr', 'rtl']),
    errors: z
      .array(
        z.object({
          in: z.enum(['params', 'query', 'headers', 'body']),
          path: z.array(z.union([z.string(), z.int()])),
          pointer: z.string().meta({ description: 'JSON Pointer into the request, e.g. /body/title' }),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'Every validation issue (400 validation_failed)' }),
  })
  .meta({
    id: 'Problem',
    description: 'application/problem+json (RFC 9457), localized to the negotiated language',
  });

/** What each error status means here (the description of the shared response). */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus | 500, string>> = {
  400: 'Invalid request: every validation issue is listed in `errors`',
  401: 'Not signed in, or the session/token is invalid or expired',
  403: 'Signed in without a role this route needs (or a missing X-CSRF-Token on a cookie session)',
  404: 'The resource does not exist (or is not visible to the caller)',
  405: 'Method not allowed on this resource',
  409: 'Conflict with the current state (duplicate, wrong lifecycle state, stale revision)',
  410: 'Gone: the resource existed and was removed or expired',
  413: 'Request body or upload too large',
  414: 'URL too long',
  415: 'Unsupported media type (JSON routes need application/json)',
  416: 'Range not satisfiable (file downloads)',
  422: 'Understood but cannot be processed in the current state',
  429: 'Rate limited: retry after the Retry-After header',
  500: 'Unexpected error (logged with the request id)',
  502: 'An upstream service (identity provider …) failed',
  503: 'Database or search unreachable: retry after the Retry-After header',
};

const example = (summary: string, lang: string, dir: 'ltr' | 'rtl', title: string, detail: string) => ({
  summary,
  value: {
    type: `${PROBLEM_TYPE_PREFIX}not_found`,
    title,
    status: 404,
    detail,
    instance: '/api/courses/first-aid-basics',
    code: 'not_found',
    requestId: '5d1f7c2e-8a51-4a8e-b6a4-2a8f6b1e9c01',
    lang,
    dir,
  },
});

/** The same 404 problem in four languages (from locales/<lng>/errors.json). */
export const NOT_FOUND_EXAMPLES: Readonly<Record<string, NamedExample>> = {
  en: example('English', 'en', 'ltr', 'Not found', 'The course you asked for does not exist.'),
  ar: example('العربية', 'ar', 'rtl', 'غير موجود', 'العنصر المطلوب (الدورة) غير موجود.'),
  ru: example('Русский', 'ru', 'ltr', 'Не найдено', 'Запрошенный объект (курс) не существует.'),
  zh: example('中文', 'zh', 'ltr', '未找到', '您请求的课程不存在。'),
};
