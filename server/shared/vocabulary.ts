/**
 * Controlled vocabularies shared by accounts, catalog, enrolment and outreach statistics.
 * Keys are stable (stored and counted); labels live in locales/<lng>/vocabulary.json.
 */
export const AUDIENCES = [
  'teacher',
  'school-psychologist',
  'school-administrator',
  'parent',
  'student',
  'policymaker',
  'other',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const TOPICS = [
  'ai-in-education',
  'digital-skills',
  'inclusive-education',
  'gender-equality',
  'health-and-well-being',
  'green-tvet',
  'media-and-information-literacy',
  'higher-education',
  'assessment',
  'open-education',
] as const;
export type Topic = (typeof TOPICS)[number];

export const LEVELS = ['introductory', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export const COURSE_FORMATS = ['self-paced', 'facilitated'] as const;
export type CourseFormat = (typeof COURSE_FORMATS)[number];

export const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'] as const;
export type Gender = (typeof GENDERS)[number];
