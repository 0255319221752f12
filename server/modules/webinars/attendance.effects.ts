import type { Actor } from '../../shared/auth';
import type { EnrolmentService } from '../enrolment/enrolment.service';
import type { ProgressService } from '../enrolment/progress.service';
import type { Gathering } from './gathering.repository';
import type { Registration, RegistrationRepository } from './registration.repository';
import { type StatsPort, statsDims } from './registration.service';

/** What crediting an attendance did: a lesson completed (or already), or why not. */
export type CreditOutcome = 'credited' | 'not_enrolled' | 'rejected';

/** Completes the event's configured lesson for a platform user. */
export type CreditPort = (userId: string, event: Gathering, at: Date) => Promise<CreditOutcome>;

/**
 * Credit through the enrolment module's own service API (never its collections): the user's
 * active enrolment in the course gets a `lesson_completed` progress event whose idempotency key
 * is derived from the event, so a repeated import completes the lesson once.
 */
export function creditThroughEnrolment(learning: {
  enrolment: Pick<EnrolmentService, 'listMine'>;
  progress: Pick<ProgressService, 'record'>;
}): CreditPort {
  return async (userId, event, at) => {
    if (!event.credit) return 'not_enrolled';
    const { course, lesson } = event.credit;
    // The attendee acts on their own enrolment: the service checks ownership as for any learner.
    const actor: Actor = { userId, roles: ['learner'], via: 'session' };
    const active = (await learning.enrolment.listMine(actor)).find(
      (v) => v.enrolment.courseSlug === course && v.enrolment.status === 'active',
    );
    if (!active) return 'not_enrolled';
    const { results } = await learning.progress.record(
      actor,
      active.enrolment.id,
      [{ type: 'lesson_completed', lessonKey: lesson, idempotencyKey: `event:${event.id}`, occurredAt: at }],
      false,
    );
    return results[0]?.status === 'rejected' ? 'rejected' : 'credited';
  };
}

/**
 * The consequences of one new attendance, each idempotent so a resumed import can repeat them:
 * the statistics event (id per event × person), the series participant record, the credit.
 * `at` must be the same on every repeat (the progress event's fingerprint includes it).
 */
export function createAttendanceEffects(deps: {
  registrations: RegistrationRepository;
  stats: StatsPort;
  credit: CreditPort;
}) {
  return async (event: Gathering, reg: Registration, at: Date): Promise<CreditOutcome | null> => {
    await deps.stats.recordEvent({
      id: `event_attended:${event.id}:${reg.userKey}`,
      type: 'event_attended',
      occurredAt: event.startsAt,
      ...statsDims(event, reg),
    });
    if (event.seriesId) await deps.registrations.addSeriesPerson(event.seriesId, reg.userKey, event.id, at);
    if (!event.credit || !reg.userId) return null;
    return deps.credit(reg.userId, event, at);
  };
}

export type AttendanceEffects = ReturnType<typeof createAttendanceEffects>;
