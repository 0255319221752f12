import type { LocalizedText } from '../../shared/localized';
import type { SearchDocument, SearchType } from './search.port';
import type { SearchSource } from './search.source';

type Texts = Readonly<Record<string, string>>;

/**
 * The fields the catalog's items carry that search reads (courses, resources and credential
 * definitions share the first block; the rest differ per kind). Structural, so this module
 * does not depend on the catalog's internals.
 */
export interface CatalogItem {
  readonly slug: string;
  readonly sourceLanguage: string;
  readonly state: string;
  readonly searchVersion: number;
  readonly updatedAt: Date;
  readonly title: Texts;
  readonly summary?: Texts;
  readonly abstract?: Texts;
  readonly description?: Texts;
  readonly criteria?: Texts;
  readonly audiences?: readonly string[];
  readonly topics?: readonly string[];
  readonly collection?: string | null;
  readonly modules?: readonly {
    readonly title?: Texts;
    readonly lessons?: readonly { readonly title?: Texts; readonly body?: Texts }[];
  }[];
}

/** What the catalog's content repositories expose for search sync. */
export interface CatalogChangeLister {
  /** Items whose searchVersion is above `watermark`, oldest change first. */
  listChangedSince(watermark: number, limit: number): Promise<CatalogItem[]>;
  /** The last searchVersion handed out; optional (without it every pass reads the changes). */
  latestSearchVersion?(): Promise<number>;
  count(filter: Record<string, unknown>): Promise<number>;
}

/** Joins several localized texts into one per language (searched, never shown). */
function joinTexts(parts: readonly (Texts | undefined)[]): LocalizedText {
  const out: Record<string, string> = {};
  for (const part of parts) {
    for (const [lang, text] of Object.entries(part ?? {}))
      out[lang] = out[lang] ? `${out[lang]}\n${text}` : text;
  }
  return out;
}

function courseBody(item: CatalogItem): LocalizedText {
  const modules = item.modules ?? [];
  const lessons = modules.flatMap((m) => m.lessons ?? []);
  return joinTexts([
    item.description,
    ...modules.map((m) => m.title),
    ...lessons.flatMap((l) => [l.title, l.body]),
  ]);
}

/** The search document of a catalog item of `type` (only published items are searchable). */
export function catalogDocument(type: SearchType, item: CatalogItem): SearchDocument | null {
  if (item.state !== 'published') return null;
  const kind = {
    course: { summary: item.summary, body: courseBody(item) },
    resource: { summary: item.abstract, body: {} },
    credential: { summary: item.description, body: joinTexts([item.criteria]) },
    thread: { summary: item.summary, body: joinTexts([item.description]) },
  }[type];
  return {
    type,
    slug: item.slug,
    sourceLanguage: item.sourceLanguage,
    title: item.title,
    summary: kind.summary ?? {},
    body: kind.body,
    audience: item.audiences ?? [],
    topics: item.topics ?? [],
    collection: item.collection ?? null,
    updatedAt: item.updatedAt,
  };
}

/** Adapts one catalog repository to the sync job's source contract. */
export function catalogSource(type: SearchType, repository: CatalogChangeLister): SearchSource {
  return {
    type,
    async changedSince(watermark, limit) {
      const items = await repository.listChangedSince(watermark, limit);
      return items.map((item) => ({
        key: { type, slug: item.slug },
        searchVersion: item.searchVersion,
        changedAt: item.updatedAt,
        document: catalogDocument(type, item),
      }));
    },
    countSearchable: () => repository.count({ state: 'published' }),
    ...(repository.latestSearchVersion
      ? { latestVersion: repository.latestSearchVersion.bind(repository) }
      : {}),
  };
}

/** The catalog's three content repositories as sync sources (one shared searchVersion counter). */
export function catalogSources(repos: {
  readonly courses: CatalogChangeLister;
  readonly resources: CatalogChangeLister;
  readonly credentials: CatalogChangeLister;
}): SearchSource[] {
  return [
    catalogSource('course', repos.courses),
    catalogSource('resource', repos.resources),
    catalogSource('credential', repos.credentials),
  ];
}
