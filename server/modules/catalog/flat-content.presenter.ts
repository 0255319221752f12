import { pickText } from '../../shared/localized';
import type { CredentialDefinition } from './credential.model';
import { languagesOf } from './localized-map';
import { createLocalizer, type ReaderLanguages } from './localizer';
import { renderMarkdown } from './markdown';
import type { Resource } from './resource.model';

const common = (item: Resource | CredentialDefinition) => ({
  slug: item.slug,
  state: item.state,
  sourceLanguage: item.sourceLanguage,
  availableLanguages: languagesOf(item.title),
  reviewedLanguages: item.reviewedLanguages,
  publishedAt: item.publishedAt,
  updatedAt: item.updatedAt,
});

/** A publication in the reader's language, with the edition file that fits it best. */
export function presentResource(r: Resource, langs: ReaderLanguages) {
  const loc = createLocalizer(langs, r);
  const title = loc.text('title', r.title);
  const abstract = loc.text('abstract', r.abstract);
  const file = pickText(r.files, langs.requested, r.sourceLanguage);
  return {
    ...common(r),
    type: r.type,
    year: r.year,
    authors: r.authors,
    partners: r.partners,
    topics: r.topics,
    title,
    abstract,
    file: file ? { fileId: file.value, lang: file.lang, dir: file.dir } : null,
    editions: languagesOf(r.files),
    coverImageFileId: r.coverImageFileId,
    ...loc.info(),
  };
}

/** A micro-credential definition in the reader's language; criteria also as safe HTML. */
export function presentCredential(c: CredentialDefinition, langs: ReaderLanguages) {
  const loc = createLocalizer(langs, c);
  const title = loc.text('title', c.title);
  const description = loc.text('description', c.description);
  const criteria = loc.text('criteria', c.criteria);
  return {
    ...common(c),
    title,
    description,
    criteria,
    criteriaHtml: criteria === null ? null : renderMarkdown(criteria),
    requiredCourses: c.requiredCourses,
    minimumQuizScore: c.minimumQuizScore,
    issuer: c.issuer,
    imageFileId: c.imageFileId,
    ...loc.info(),
  };
}

/** The authoring view of a flat item: stored as is, plus the languages it has. */
export function presentForAuthoring<T extends { title: Record<string, string> }>(item: T) {
  return { ...item, availableLanguages: languagesOf(item.title) };
}
