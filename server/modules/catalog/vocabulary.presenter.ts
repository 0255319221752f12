import type { TFunction } from '../../shared/i18n';
import { AUDIENCES, COURSE_FORMATS, LEVELS, TOPICS } from '../../shared/vocabulary';
import { PUBLICATION_STATES, TRANSLATION_STATES } from './content.types';
import { RESOURCE_TYPES } from './resource.model';

const entries = (keys: readonly string[], t: TFunction, prefix: string) =>
  keys.map((key) => ({ key, label: t(prefix + key) }));

/** The catalog's vocabularies with labels in the reader's locale (filter menus, authoring screens). */
export function presentVocabulary(t: TFunction) {
  return {
    audiences: entries(AUDIENCES, t, 'vocabulary:audiences.'),
    topics: entries(TOPICS, t, 'vocabulary:topics.'),
    levels: entries(LEVELS, t, 'vocabulary:levels.'),
    formats: entries(COURSE_FORMATS, t, 'vocabulary:formats.'),
    resourceTypes: entries(RESOURCE_TYPES, t, 'catalog:resourceTypes.'),
    sorts: entries(['newest', 'title'], t, 'catalog:sorts.'),
    // For authoring and translation screens.
    lessonKinds: entries(['text', 'video', 'audio', 'document', 'link', 'quiz'], t, 'catalog:lessonKinds.'),
    states: entries(PUBLICATION_STATES, t, 'catalog:states.'),
    translationStates: entries(TRANSLATION_STATES, t, 'catalog:translationStates.'),
  };
}
