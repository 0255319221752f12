import type { TFunction } from '../../shared/i18n';
import { AUDIENCES, COURSE_FORMATS, LEVELS, TOPICS } from '../../shared/vocabulary';
import { RESOURCE_TYPES } from './resource.model';

const entries = (keys: readonly string[], t: TFunction, prefix: string) =>
  keys.map((key) => ({ key, label: t(prefix + key) }));

/** The catalog's filter vocabularies with labels in the reader's locale (for filter menus). */
export function presentVocabulary(t: TFunction) {
  return {
    audiences: entries(AUDIENCES, t, 'vocabulary:audiences.'),
    topics: entries(TOPICS, t, 'vocabulary:topics.'),
    levels: entries(LEVELS, t, 'vocabulary:levels.'),
    formats: entries(COURSE_FORMATS, t, 'vocabulary:formats.'),
    resourceTypes: entries(RESOURCE_TYPES, t, 'catalog:resourceTypes.'),
    sorts: entries(['newest', 'title'], t, 'catalog:sorts.'),
  };
}
