import type { Connection } from 'mongoose';
import { AppError } from '../../shared/errors';
import { type CatalogCache, createCatalogCache } from './catalog.cache';
import { createSearchFeed } from './catalog.search-feed';
import type { CollectionRepository } from './collection.repository';
import { createContentRepository } from './content.repository';
import { courseModel } from './course.model';
import { createCourseService } from './course.service';
import { credentialModel } from './credential.model';
import { createFlatContentService } from './flat-content.service';
import { resourceModel } from './resource.model';
import { createRevisionClaims } from './revision-claim.model';
import { createSequence } from './sequence.model';
import { createWorklistService } from './worklist.service';

/** The catalog's repositories and services on one connection (called from buildServices). */
export function buildCatalog(
  connection: Connection,
  collections: CollectionRepository,
  options: { clock?: () => Date; cache?: CatalogCache } = {},
) {
  const nextSearchVersion = createSequence(connection, 'catalog.searchVersion');
  const claims = createRevisionClaims(connection);
  const repositories = {
    courses: createContentRepository('course', courseModel(connection), nextSearchVersion, claims),
    resources: createContentRepository('resource', resourceModel(connection), nextSearchVersion, claims),
    credentials: createContentRepository(
      'credential',
      credentialModel(connection),
      nextSearchVersion,
      claims,
    ),
  };
  const cache = options.cache ?? createCatalogCache({ revision: () => nextSearchVersion.current() });
  const deps = { invalidate: () => cache.clear(), clock: options.clock ?? (() => new Date()) };
  const requireCourses = async (values: { requiredCourses?: unknown }) => {
    const slugs = (values.requiredCourses ?? []) as string[];
    if (slugs.length === 0) return;
    const found = await repositories.courses.find({ slug: { $in: slugs } }, { exclude: ['modules'] });
    const known = new Set(found.map((c) => c.slug));
    const issues = slugs
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !known.has(s))
      .map(({ s, i }) => ({
        in: 'body' as const,
        path: ['requiredCourses', i],
        code: 'unknown_course',
        params: { value: s },
      }));
    if (issues.length > 0) throw new AppError('validation_failed', { issues });
  };
  return {
    repositories,
    cache,
    courses: createCourseService({ ...deps, courses: repositories.courses, collections }),
    resources: createFlatContentService(
      { repo: repositories.resources, textFields: ['title', 'abstract'], fileField: 'files' },
      deps,
    ),
    credentials: createFlatContentService(
      {
        repo: repositories.credentials,
        textFields: ['title', 'description', 'criteria'],
        check: requireCourses,
      },
      deps,
    ),
    worklist: createWorklistService(repositories),
    searchFeed: createSearchFeed(repositories),
  };
}

export type Catalog = ReturnType<typeof buildCatalog>;
