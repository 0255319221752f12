import type { RequestHandler } from 'express';
import type { i18n as I18n } from 'i18next';
import { AppError } from './errors';
import { isKnownLanguage, negotiateLocale } from './i18n';

export interface LocaleOptions {
  readonly i18n: I18n;
  readonly supported: readonly string[];
  readonly fallback: string;
}

/**
 * Negotiates `req.locale` and `req.t` (`?lang=` → profile → Accept-Language → default) and
 * sets Content-Language. A malformed or unknown `?lang=` is a 400 listing the supported
 * languages, answered in the next-best language; a known but unsupported one falls back.
 */
export function localeMiddleware({ i18n, supported, fallback }: LocaleOptions): RequestHandler {
  const translators = new Map(supported.map((lng) => [lng, i18n.getFixedT(lng)] as const));
  return (req, res, next) => {
    const raw = req.query.lang;
    const query = typeof raw === 'string' ? raw : undefined;
    const invalid = raw !== undefined && (query === undefined || !isKnownLanguage(query));
    req.locale = negotiateLocale(
      {
        query: invalid ? undefined : query,
        acceptLanguage: req.headers['accept-language'],
      },
      supported,
      fallback,
    );
    req.t = translators.get(req.locale.locale) ?? i18n.getFixedT(req.locale.locale);
    res.setHeader('Content-Language', req.locale.locale);
    res.vary('Accept-Language');
    if (invalid) {
      next(
        new AppError('invalid_language', {
          params: { value: String(raw).slice(0, 40), supported: supported.join(', ') },
          extensions: { supported },
        }),
      );
      return;
    }
    next();
  };
}
