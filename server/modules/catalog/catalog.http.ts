import type { Request } from 'express';
import { AppError } from '../../shared/errors';
import { isKnownLanguage } from '../../shared/i18n';
import { canonicalTag } from './catalog.schemas';
import type { ReaderLanguages } from './localizer';

/** The reader's languages for content: the requested tag, then the negotiated locale. */
export function readerLanguages(req: Request): ReaderLanguages {
  return { requested: req.locale.requested, locale: req.locale.locale, t: req.t };
}

/** A language tag from the path, canonicalized; a malformed or unknown one is a 400 listing ours. */
export function languageParam(raw: string, supported: readonly string[]): string {
  if (isKnownLanguage(raw)) return canonicalTag(raw);
  throw new AppError('invalid_language', {
    params: { value: raw.slice(0, 40), supported: supported.join(', ') },
    extensions: { supported },
  });
}

/** A cache key for a public page: the path and query plus the reader's languages. */
export function pageKey(prefix: string, parts: unknown, langs: ReaderLanguages): string {
  return `${prefix}|${JSON.stringify(parts)}|${langs.requested}|${langs.locale}`;
}
