import type { Audience, Gender } from '../../shared/vocabulary';

export type LearningEventType =
  | 'enrolment'
  | 'lesson_completed'
  | 'quiz_passed'
  | 'course_completed'
  | 'credential_issued';

/**
 * One countable fact for the outreach figures. The id is derived from what happened
 * (`lesson_completed:<enrolment>:<lesson>`), so writing it twice is harmless. The learner's
 * profile is copied as it was at that time; the user appears only as a pseudonymous key.
 */
export interface LearningEvent {
  id: string;
  type: LearningEventType;
  occurredAt: Date;
  /** UTC day bucket, `YYYY-MM-DD`. */
  day: string;
  userKey: string;
  courseSlug: string | null;
  cohortId: string | null;
  /** The course's collection (series of courses), for figures per collection. */
  collection: string | null;
  credentialSlug: string | null;
  country: string;
  audience: Audience;
  gender: Gender | null;
  language: string;
}
