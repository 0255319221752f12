import {
  type IndexSwap,
  Meilisearch,
  MeilisearchApiError,
  type SearchParams,
  type Settings,
} from 'meilisearch';
import { RETRY_AFTER_SECONDS } from '../../shared/error-mapping';
import { AppError } from '../../shared/errors';
import { analyzeQuery, SYNONYM_TERM_PREFIX } from './analysis/analyzer';
import SYNONYMS from './analysis/synonyms.json';
import { entryId, type IndexEntry, toEntry, toHit } from './search.document';
import type { FacetCounts, SearchEngine, SearchFilters, SearchHit } from './search.port';

const REQUEST_TIMEOUT_MS = 5000;
const TASK_TIMEOUT_MS = 30_000;
const TASK_POLL_MS = 50;
const DISPLAYED = [
  'type',
  'slug',
  'sourceLanguage',
  'title',
  'summary',
  'audience',
  'topics',
  'collection',
  'langs',
  'updatedAt',
];
const FACET_ATTRIBUTE = {
  type: 'type',
  audience: 'audience',
  topic: 'topics',
  collection: 'collection',
  lang: 'langs',
} as const;

/**
 * Settings are derived from the shared analysis: documents arrive as analyzed terms, so
 * synonyms and stop words are already applied (group terms stand for synonyms); typo rules
 * match the embedded engine, and synonym group terms are never "corrected" into each other.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['s_title', 's_summary', 's_body'],
  displayedAttributes: DISPLAYED,
  filterableAttributes: Object.values(FACET_ATTRIBUTE),
  sortableAttributes: ['updatedAt'],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: Object.keys(SYNONYMS.groups)
      .map((id) => `${SYNONYM_TERM_PREFIX}${id}`)
      .sort(),
  },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 10_000 },
};

/** Maps client and API failures onto our taxonomy: everything is "search unavailable" (503). */
function unavailable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('search_unavailable', { retryAfterSeconds: RETRY_AFTER_SECONDS, cause: err });
}

/** Quotes a filter value so quotes, OR and parentheses inside it stay part of the value. */
export function filterValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The Meilisearch filter expression for our filters (one clause per filter, ANDed). */
export function meiliFilter(f: SearchFilters): string[] {
  const clauses: string[] = [];
  if (f.type) clauses.push(`type = ${filterValue(f.type)}`);
  if (f.audience) clauses.push(`audience = ${filterValue(f.audience)}`);
  if (f.topic) clauses.push(`topics = ${filterValue(f.topic)}`);
  if (f.collection) clauses.push(`collection = ${filterValue(f.collection)}`);
  return clauses;
}

// Stems are what both engines index (with surface forms); synonym phrases become group terms.
function meiliQuery(text: string): string {
  return analyzeQuery(text)
    .map((t) => (t.kind === 'synonym' ? t.term : t.stem))
    .join(' ');
}

function toFacets(dist: Record<string, Record<string, number>> | undefined): FacetCounts {
  const out = {} as FacetCounts;
  for (const [name, attr] of Object.entries(FACET_ATTRIBUTE))
    out[name as keyof FacetCounts] = { ...dist?.[attr] };
  return out;
}

/** Meilisearch through the official client: one index for every type and language (docs/search.md). */
export function createMeiliEngine(
  host: string,
  apiKey: string | undefined,
  indexUid = 'learninghub_documents',
): SearchEngine {
  const client = new Meilisearch({ host, ...(apiKey ? { apiKey } : {}), timeout: REQUEST_TIMEOUT_MS });
  const index = client.index<IndexEntry>(indexUid);
  const wait = { timeout: TASK_TIMEOUT_MS, interval: TASK_POLL_MS };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err);
    }
  };
  const checkTask = (task: { status: string; error: unknown }) => {
    if (task.status !== 'succeeded') throw new AppError('search_unavailable', { cause: task.error });
  };

  async function search(text: string, params: SearchParams) {
    const q = meiliQuery(text);
    const first = await index.search<IndexEntry>(q, { ...params, matchingStrategy: 'all' });
    const total = totalOf(first);
    // Same fallback as the embedded engine: rank partial matches when all words cannot match.
    if (total > 0 || !q.includes(' ')) return first;
    return index.search<IndexEntry>(q, { ...params, matchingStrategy: 'last' });
  }

  const applySettings = () =>
    guard(async () => {
      const exists = await index.getRawInfo().then(
        () => true,
        (err) =>
          err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found'
            ? false
            : Promise.reject(err),
      );
      if (!exists) checkTask(await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask(wait));
      const current = await index.getSettings();
      if (!settingsMatch(MEILI_SETTINGS, current))
        checkTask(await index.updateSettings(MEILI_SETTINGS).waitTask(wait));
    });

  return {
    name: 'meilisearch',
    indexId: `meilisearch-${host}-${indexUid}`,
    settings: applySettings,
    upsert: (docs) =>
      guard(async () => {
        if (docs.length > 0) checkTask(await index.addDocuments(docs.map(toEntry)).waitTask(wait));
      }),
    remove: (keys) =>
      guard(async () => {
        if (keys.length > 0) checkTask(await index.deleteDocuments(keys.map(entryId)).waitTask(wait));
      }),
    query: (q) =>
      guard(async () => {
        const filter = meiliFilter(q.filters);
        const base = {
          filter,
          hitsPerPage: q.pageSize,
          page: q.page,
          facets: Object.values(FACET_ATTRIBUTE),
        };
        const res =
          q.text.trim() === ''
            ? await index.search<IndexEntry>('', { ...base, sort: ['updatedAt:desc'] })
            : await search(q.text, base);
        return {
          hits: res.hits.map((h) => toHit(h as SearchHit)),
          total: totalOf(res),
          facets: toFacets(res.facetDistribution),
        };
      }),
    suggest: (text, _lang, limit) =>
      guard(async () => {
        const res = await search(text, { attributesToSearchOn: ['s_title'], limit });
        return res.hits.map((h) => toHit(h as SearchHit));
      }),
    count: () => guard(async () => (await index.getStats()).numberOfDocuments),
    clear: () =>
      guard(async () => {
        checkTask(await index.deleteAllDocuments().waitTask(wait));
      }),
    async rebuild(fill) {
      // A fixed name: a rebuild that died half-way leaves this index, which the next one drops.
      const asideUid = `${indexUid}_rebuild`;
      await guard(() => client.deleteIndexIfExists(asideUid));
      await applySettings();
      const aside = createMeiliEngine(host, apiKey, asideUid);
      await aside.settings();
      await fill(aside);
      await guard(async () => {
        // `rename` (Meilisearch ≥ 1.18) is left out: both indexes exist, and older servers reject it.
        const swap = { indexes: [indexUid, asideUid] } as IndexSwap;
        checkTask(await client.swapIndexes([swap]).waitTask(wait));
        checkTask(await client.deleteIndex(asideUid).waitTask(wait));
      });
    },
    health: async () => {
      try {
        return await client.isHealthy();
      } catch {
        return false;
      }
    },
    close: async () => {},
  };
}

// With page/hitsPerPage Meilisearch counts exactly (totalHits); otherwise it estimates.
function totalOf(res: object): number {
  const r = res as { totalHits?: number; estimatedTotalHits?: number };
  return r.totalHits ?? r.estimatedTotalHits ?? 0;
}

/**
 * True when every setting we declare has that value already. Meilisearch returns more keys
 * than we set (its defaults), so only ours are compared; arrays must match exactly.
 */
export function settingsMatch(wanted: unknown, current: unknown): boolean {
  if (Array.isArray(wanted)) return JSON.stringify(wanted) === JSON.stringify(current);
  if (wanted === null || typeof wanted !== 'object') return wanted === current;
  if (current === null || typeof current !== 'object') return false;
  return Object.entries(wanted).every(([k, v]) => settingsMatch(v, (current as Record<string, unknown>)[k]));
}
