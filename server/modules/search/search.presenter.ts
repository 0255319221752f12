import type { TFunction } from '../../shared/i18n';
import { pickText } from '../../shared/localized';
import type { QueryTerm } from './analysis/analyzer';
import { highlight } from './analysis/highlight';
import type { FacetCounts, SearchHit, SearchType } from './search.port';
import type { SearchPage } from './search.service';

const HREF: Record<SearchType, string> = {
  course: '/api/courses/',
  resource: '/api/resources/',
  credential: '/api/credentials/',
  thread: '/api/forum/threads/',
};

/** One result in the reader's language, with the spans that matched the query. */
export function presentHit(hit: SearchHit, requested: string, terms: readonly QueryTerm[]) {
  const title = pickText(hit.title, requested, hit.sourceLanguage);
  const summary = pickText(hit.summary, requested, hit.sourceLanguage);
  // Highlight offsets index the NFC form, which is also what we send.
  const titleText = (title?.value ?? hit.slug).normalize('NFC');
  const summaryText = (summary?.value ?? '').normalize('NFC');
  const fallback = Object.fromEntries(
    Object.entries({ title, summary })
      .filter(([, v]) => v?.fallback)
      .map(([k, v]) => [k, v?.lang]),
  );
  return {
    type: hit.type,
    slug: hit.slug,
    href: `${HREF[hit.type]}${encodeURIComponent(hit.slug)}`,
    title: titleText,
    summary: summaryText,
    lang: title?.lang ?? hit.sourceLanguage,
    dir: title?.dir ?? 'ltr',
    fallback,
    availableLanguages: hit.langs,
    audience: hit.audience,
    topics: hit.topics,
    collection: hit.collection,
    highlights: { title: highlight(titleText, terms), summary: highlight(summaryText, terms) },
    updatedAt: new Date(hit.updatedAt).toISOString(),
  };
}

/** Facet counts as lists (most frequent first); types and facet names labelled for the reader. */
export function presentFacets(facets: FacetCounts, t: TFunction) {
  return Object.fromEntries(
    Object.entries(facets).map(([name, counts]) => [
      name,
      {
        label: t(`search:facets.${name}`),
        values: Object.entries(counts)
          .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
          .map(([value, count]) =>
            name === 'type' ? { value, count, label: t(`search:types.${value}`) } : { value, count },
          ),
      },
    ]),
  );
}

/** The body of GET /api/search. */
export function presentSearchPage(page: SearchPage, requested: string, dir: string, t: TFunction) {
  return {
    lang: requested,
    dir,
    items: page.hits.map((h) => presentHit(h, requested, page.terms)),
    facets: presentFacets(page.facets, t),
  };
}
