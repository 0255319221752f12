import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from '../../shared/errors';
import { type Pagination, sendSerialized } from '../../shared/http';
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

interface CachedBody {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * Sends `{ data, pagination? }` (sendData's shape) from the cache, or loads, serializes and
 * caches it. What is cached is the encoded body and its ETag, so a hit costs no
 * JSON.stringify, no encoding and no hashing, and a client revalidating gets a 304.
 */
export async function servePage(
  res: Response,
  cache: CatalogCache,
  key: string | null,
  load: () => Promise<PublicPage>,
): Promise<void> {
  let cached = key === null ? undefined : (cache.get(key) as CachedBody | undefined);
  if (cached === undefined) {
    const page = await load();
    const json = JSON.stringify(
      page.pagination ? { data: page.data, pagination: page.pagination } : { data: page.data },
    );
    const body = Buffer.from(json);
    cached = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    if (page.cacheable && key !== null) cache.set(key, cached);
  }
  sendSerialized(res, cached);
}
