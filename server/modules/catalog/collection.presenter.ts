import { pickText } from '../../shared/localized';
import type { CatalogCollection } from './collection.repository';

/** A collection in the reader's language, saying which fields fell back and into what. */
export function presentCollection(c: CatalogCollection, requested: string) {
  const title = pickText(c.title, requested, c.sourceLanguage);
  const description = pickText(c.description, requested, c.sourceLanguage);
  const fallbacks = Object.fromEntries(
    Object.entries({ title, description })
      .filter(([, v]) => v?.fallback)
      .map(([k, v]) => [k, v?.lang]),
  );
  return {
    slug: c.slug,
    title: title?.value ?? c.slug,
    description: description?.value ?? '',
    lang: title?.lang ?? c.sourceLanguage,
    dir: title?.dir ?? 'ltr',
    fallback: fallbacks,
    availableLanguages: Object.keys(c.title).sort(),
  };
}
