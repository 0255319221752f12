import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { i18n as I18n, TFunction } from 'i18next';
import { toAppError } from './error-mapping';
import { AppError, type FieldIssue } from './errors';
import { negotiateLocale, textDirection } from './i18n';

export const PROBLEM_TYPE_PREFIX = 'urn:learning-hub:problem:';

/** One validation issue as sent to clients: where, what, and a localized message. */
export interface ProblemIssue {
  readonly in: FieldIssue['in'];
  readonly path: readonly (string | number)[];
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
}

/** Builds the RFC 9457 body for `error`, localized with `t`. */
export function problemBody(error: AppError, t: TFunction, locale: string, req: Request) {
  const params = localizeParams(error.params, t);
  return {
    type: `${PROBLEM_TYPE_PREFIX}${error.code}`,
    title: t(`errors:${error.code}.title`, params),
    status: error.status,
    detail: t(`errors:${error.code}.detail`, { ...params, count: error.issues.length }),
    instance: req.originalUrl.split('?')[0],
    code: error.code,
    requestId: req.id,
    lang: locale,
    dir: textDirection(locale),
    ...(error.issues.length > 0 ? { errors: error.issues.map((i) => localizeIssue(i, t)) } : {}),
    ...error.extensions,
  };
}

/** Message parameters naming a kind of thing (`resource: 'course'`) are shown in the reader's language. */
function localizeParams(params: AppError['params'], t: TFunction): Record<string, string | number> {
  const resource = String(params.resource ?? 'item');
  return { ...params, resource: t(`common:resources.${resource}`, { defaultValue: resource }) };
}

function localizeIssue(issue: FieldIssue, t: TFunction): ProblemIssue {
  const key = `validation:${issue.code}`;
  const message = t(key, { ...issue.params, defaultValue: '' }) || t('validation:invalid');
  return {
    in: issue.in,
    path: issue.path,
    pointer: `/${[issue.in, ...issue.path].map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    code: issue.code,
    message,
  };
}

/** The one error mapper: everything becomes application/problem+json; 5xx are logged once. */
export function problemHandler(options: {
  i18n: I18n;
  supported: readonly string[];
  fallback: string;
}): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toAppError(err);
    const locale =
      req.locale?.locale ??
      negotiateLocale({ acceptLanguage: req.headers['accept-language'] }, options.supported, options.fallback)
        .locale;
    const t = req.t ?? options.i18n.getFixedT(locale);
    logFailure(res, error);
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.setHeader('Content-Language', locale);
    res
      .status(error.status)
      .type('application/problem+json')
      .send(JSON.stringify(problemBody(error, t, locale, req)));
  };
}

/** 5xx causes go to pino-http (res.err), which logs them once on the request's completion line. */
function logFailure(res: Response, error: AppError): void {
  if (error.status >= 500) res.err = error.cause instanceof Error ? error.cause : error;
}

/** The catch-all for unknown routes. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', { params: { method: req.method } }));
};
