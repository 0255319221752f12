/**
 * The outreach vocabulary: event types, the dimensions events carry, and the figures (metrics)
 * computed from them. Keys are stable: they are stored in events and rollups and used in URLs.
 */
export const EVENT_TYPES = [
  'enrolment',
  'lesson_completed',
  'quiz_passed',
  'course_completed',
  'credential_issued',
  'event_registered',
  'event_attended',
  'forum_thread',
  'forum_post',
  'pageview',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Dimensions stored on every event (null when not applicable). `event` is a webinar/workshop id. */
export const STORED_DIMENSIONS = [
  'course',
  'collection',
  'cohort',
  'series',
  'event',
  'country',
  'language',
  'audience',
  'gender',
] as const;
export type StoredDimension = (typeof STORED_DIMENSIONS)[number];

/** Dimensions a report may break down or filter by: the stored ones plus `region` (from country). */
export const DIMENSIONS = [...STORED_DIMENSIONS, 'region'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Two-dimension maps kept in the day documents, so common cross-tabs avoid the cell collection. */
export const PAIRS: readonly (readonly [StoredDimension, StoredDimension])[] = [
  ['country', 'course'],
  ['country', 'language'],
  ['country', 'audience'],
  ['country', 'gender'],
  ['country', 'series'],
  ['course', 'language'],
];

/** Additive figures: one count per event of the type. */
export const COUNT_METRICS = {
  enrolments: 'enrolment',
  lessonsCompleted: 'lesson_completed',
  quizzesPassed: 'quiz_passed',
  completions: 'course_completed',
  credentials: 'credential_issued',
  registrations: 'event_registered',
  attendances: 'event_attended',
  forumThreads: 'forum_thread',
  forumPosts: 'forum_post',
  pageviews: 'pageview',
} as const satisfies Record<string, EventType>;
export type CountMetric = keyof typeof COUNT_METRICS;

/** Grains of the count rollup documents (cuboids by time). */
export const COUNT_GRAINS = ['day', 'month', 'year'] as const;

/**
 * The dimensions of the month cell cube (month × country × language × audience × gender): the
 * people-describing ones, few values each, so it stays small (the full-key cube hardly shrinks
 * from days to months: almost every event is its own cell). Cross-tabs within these dimensions
 * over whole months read it; anything with a course, collection, cohort, series or event reads
 * the day cells.
 */
export const MONTH_CELL_DIMENSIONS = [
  'country',
  'language',
  'audience',
  'gender',
] as const satisfies readonly StoredDimension[];

export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
/** Periods for which exact distinct counts are kept (first-seen markers per bucket). */
export const DISTINCT_GRAINS = ['month', 'quarter', 'year'] as const satisfies readonly Period[];
export type DistinctGrain = (typeof DISTINCT_GRAINS)[number];

/** Dimensions a distinct count can be broken down or filtered by (one at a time). */
export const DISTINCT_SCOPES = [
  'course',
  'collection',
  'cohort',
  'series',
  'event',
  'country',
  'region',
] as const;
export type DistinctScope = (typeof DISTINCT_SCOPES)[number];

/** Exact distinct counts of pseudonymous users, per month/quarter/year bucket. */
export const DISTINCT_METRICS = {
  learners: ['enrolment'],
  activeLearners: ['enrolment', 'lesson_completed', 'quiz_passed', 'course_completed', 'credential_issued'],
  participants: ['event_attended'],
} as const satisfies Record<string, readonly EventType[]>;
export type DistinctMetric = keyof typeof DISTINCT_METRICS;

/**
 * Unique visitors: distinct per day only (the visitor hash's salt rotates daily, by design), so a
 * week's or month's figure is the sum of its days' unique visitors. Kept in the day documents.
 */
export const VISITOR_METRIC = 'visitors';
export const VISITOR_DIMENSIONS: readonly Dimension[] = ['country', 'region'];

/** Figures computed in code from others: completion rate = completions / enrolments. */
export const DERIVED_METRICS = { completionRate: ['completions', 'enrolments'] } as const;

export const METRICS = [
  ...(Object.keys(COUNT_METRICS) as CountMetric[]),
  VISITOR_METRIC,
  ...(Object.keys(DISTINCT_METRICS) as DistinctMetric[]),
  'completionRate',
] as const;
export type Metric = CountMetric | DistinctMetric | typeof VISITOR_METRIC | 'completionRate';

/** True for the metrics counted once per user per bucket. */
export function isDistinctMetric(m: string): m is DistinctMetric {
  return Object.hasOwn(DISTINCT_METRICS, m);
}
