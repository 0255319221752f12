import { indexTerms } from './analysis/analyzer';
import type { FacetCounts, SearchDocument, SearchHit, SearchKey } from './search.port';

/** What an engine stores per item: display fields plus the analyzed terms it searches. */
export interface IndexEntry extends SearchHit {
  readonly id: string;
  readonly s_title: string;
  readonly s_summary: string;
  readonly s_body: string;
}

// Long bodies add little recall past their first pages and cost index memory.
export const MAX_BODY_CHARS = 10_000;

/** The engine id of an item: `course-<slug>` (letters, digits, - and _ as Meilisearch requires). */
export function entryId(key: SearchKey): string {
  return `${key.type}-${key.slug}`;
}

/** Every language of a localized field as one text (each value cut at `cap` characters). */
export function allText(field: Readonly<Record<string, string>>, cap = Number.POSITIVE_INFINITY): string {
  return Object.values(field)
    .map((v) => v.slice(0, cap))
    .join('\n');
}

/** Turns a source document into an index entry (analysis included). */
export function toEntry(doc: SearchDocument): IndexEntry {
  const langs = [...new Set([...Object.keys(doc.title), ...Object.keys(doc.summary)])].sort();
  return {
    id: entryId(doc),
    type: doc.type,
    slug: doc.slug,
    sourceLanguage: doc.sourceLanguage,
    title: doc.title,
    summary: doc.summary,
    audience: [...doc.audience],
    topics: [...doc.topics],
    collection: doc.collection,
    langs,
    updatedAt: doc.updatedAt.getTime(),
    s_title: indexTerms(allText(doc.title)),
    s_summary: indexTerms(allText(doc.summary)),
    s_body: indexTerms(allText(doc.body, MAX_BODY_CHARS)),
  };
}

/** The display part of a stored entry. */
export function toHit(e: SearchHit): SearchHit {
  return {
    type: e.type,
    slug: e.slug,
    sourceLanguage: e.sourceLanguage,
    title: e.title,
    summary: e.summary,
    audience: e.audience,
    topics: e.topics,
    collection: e.collection,
    langs: e.langs,
    updatedAt: e.updatedAt,
  };
}

/** Zeroed facet counters. */
export function emptyFacets(): FacetCounts {
  return { type: {}, audience: {}, topic: {}, collection: {}, lang: {} };
}
