import type { ContentRepository } from './content.repository';
import type { ContentKind } from './content.types';
import type { Course } from './course.model';
import type { CredentialDefinition } from './credential.model';
import type { Resource } from './resource.model';

/** One changed catalog item for the search sync. */
export type CatalogChange =
  | { kind: 'course'; slug: string; searchVersion: number; searchable: boolean; item: Course }
  | { kind: 'resource'; slug: string; searchVersion: number; searchable: boolean; item: Resource }
  | {
      kind: 'credential';
      slug: string;
      searchVersion: number;
      searchable: boolean;
      item: CredentialDefinition;
    };

/**
 * The search sync's source: every course, resource and credential definition written after
 * `watermark` (their `searchVersion` comes from one catalog-wide counter), oldest first, at most
 * `limit`. Items no longer published come with `searchable: false` so the index drops them.
 */
export function createSearchFeed(repos: {
  courses: ContentRepository<Course>;
  resources: ContentRepository<Resource>;
  credentials: ContentRepository<CredentialDefinition>;
}) {
  return {
    async listChangedSince(watermark: number, limit: number): Promise<CatalogChange[]> {
      const tag = <K extends ContentKind, T extends { slug: string; searchVersion: number; state: string }>(
        kind: K,
        items: T[],
      ) =>
        items.map((item) => ({
          kind,
          slug: item.slug,
          searchVersion: item.searchVersion,
          searchable: item.state === 'published',
          item,
        }));
      const [courses, resources, credentials] = await Promise.all([
        repos.courses.listChangedSince(watermark, limit),
        repos.resources.listChangedSince(watermark, limit),
        repos.credentials.listChangedSince(watermark, limit),
      ]);
      const all = [
        ...tag('course', courses),
        ...tag('resource', resources),
        ...tag('credential', credentials),
      ] as CatalogChange[];
      return all.sort((a, b) => a.searchVersion - b.searchVersion).slice(0, limit);
    },
  };
}

export type SearchFeed = ReturnType<typeof createSearchFeed>;
