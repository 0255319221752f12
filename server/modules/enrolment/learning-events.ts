import type { Audience, Gender } from '../../shared/vocabulary';
import type { LearningEvent, LearningEventType } from './learning-event';

/** Where learning events end up: must be idempotent on `event.id`. */
export interface EventSink {
  record(events: readonly LearningEvent[]): Promise<void>;
}

/** The learner's profile as copied onto each event. */
export interface LearnerProfile {
  readonly country: string;
  readonly audience: Audience;
  readonly gender: Gender | null;
  readonly preferredLanguage: string;
}

/** What an event is about, besides its type, time and learner. */
export interface EventSubject {
  readonly courseSlug?: string | null;
  readonly cohortId?: string | null;
  readonly collection?: string | null;
  readonly credentialSlug?: string | null;
}

/** A learning event as outreach statistics take it. */
export interface RecordedLearningEvent {
  id: string;
  type: LearningEventType;
  occurredAt: Date;
  userKey: string;
  course: string | null;
  collection: string | null;
  cohort: string | null;
  credential: string | null;
  country: string;
  language: string;
  audience: string;
  gender: string | null;
}

/** The part of the outreach statistics service learning events go through. */
export interface StatsRecorder {
  recordEvent(event: RecordedLearningEvent): Promise<{ recorded: boolean }>;
  /** Several at once (one update per rollup document for all of them); used when present. */
  recordEvents?(events: readonly RecordedLearningEvent[]): Promise<unknown>;
}

/** Sends learning events to outreach statistics (`recordEvent` is idempotent on the event id). */
export function createStatsSink(stats: StatsRecorder): EventSink {
  return {
    async record(events) {
      const recorded = events.map(
        (e): RecordedLearningEvent => ({
          id: e.id,
          type: e.type,
          occurredAt: e.occurredAt,
          userKey: e.userKey,
          course: e.courseSlug,
          collection: e.collection,
          cohort: e.cohortId,
          credential: e.credentialSlug,
          country: e.country,
          language: e.language,
          audience: e.audience,
          gender: e.gender,
        }),
      );
      if (stats.recordEvents && recorded.length > 1) await stats.recordEvents(recorded);
      else for (const e of recorded) await stats.recordEvent(e);
    },
  };
}

/** The UTC day bucket of a date (`YYYY-MM-DD`). */
export function dayBucket(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Builds one event; `id` must identify the fact, not the attempt to record it. */
export function buildEvent(
  type: LearningEventType,
  id: string,
  at: Date,
  learner: { userKey: string; profile: LearnerProfile },
  subject: EventSubject,
): LearningEvent {
  return {
    id: `${type}:${id}`,
    type,
    occurredAt: at,
    day: dayBucket(at),
    userKey: learner.userKey,
    courseSlug: subject.courseSlug ?? null,
    cohortId: subject.cohortId ?? null,
    collection: subject.collection ?? null,
    credentialSlug: subject.credentialSlug ?? null,
    country: learner.profile.country,
    audience: learner.profile.audience,
    gender: learner.profile.gender,
    language: learner.profile.preferredLanguage,
  };
}
