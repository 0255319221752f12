import type { Request, Response } from 'express';
import { AppError } from '../../shared/errors';
import type { Pagination } from '../../shared/http';
import { isKnownLanguage } from '../../shared/i18n';
import type { CatalogCache } from './catalog.cache';
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

/** A public page: its data, pagination, and whether it may be cached (published content only). */
export interface PublicPage {
  readonly data: unknown;
  readonly pagination?: Pagination;
  readonly cacheable: boolean;
}

/**
 * Sends `{ data, pagination? }` (sendData's shape) from the cache, or loads, serializes and
 * caches it. The serialized body is what is cached, so a hit costs no JSON.stringify.
 */
export async function servePage(
  res: Response,
  cache: CatalogCache,
  key: string | null,
  load: () => Promise<PublicPage>,
): Promise<void> {
  let body = key === null ? undefined : (cache.get(key) as string | undefined);
  if (body === undefined) {
    const page = await load();
    body = JSON.stringify(
      page.pagination ? { data: page.data, pagination: page.pagination } : { data: page.data },
    );
    if (page.cacheable && key !== null) cache.set(key, body);
  }
  res.status(200).type('application/json').send(body);
}
