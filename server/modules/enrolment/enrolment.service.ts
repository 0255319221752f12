import { type Actor, hasRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Course } from '../catalog/course.model';
import type { LearningCatalog } from './catalog.reader';
import type { Cohort, CohortRepository, NewCohort } from './cohort.repository';
import { flattenLessons } from './completion';
import type { Enrolment, EnrolmentRepository } from './enrolment.repository';
import type { FactRepository } from './fact.repository';
import type { RosterPerson } from './learners';
import type { LearningCache } from './learning.cache';
import { buildEvent, type LearnerProfile } from './learning-events';
import type { Outbox } from './outbox';
import type { ProgressApplier } from './progress.applier';
import type { ProgressRepository } from './progress.repository';
import { type LearnerProgress, loadProgress } from './progress.state';

/** Who the learner is for statistics: a pseudonymous key and the profile at this moment. */
export type LearnerLookup = (userId: string) => Promise<{ userKey: string; profile: LearnerProfile }>;

export interface EnrolmentDeps {
  readonly enrolments: EnrolmentRepository;
  readonly cohorts: CohortRepository;
  readonly facts: FactRepository;
  readonly progress: ProgressRepository;
  readonly catalog: LearningCatalog;
  readonly learners: LearnerLookup;
  readonly outbox: Outbox;
  readonly people: (ids: readonly string[]) => Promise<Map<string, RosterPerson>>;
  /** Progress events accepted but not applied yet are applied before progress is shown. */
  readonly applier: Pick<ProgressApplier, 'drain'>;
  readonly cache: Pick<LearningCache, 'forget'>;
  readonly clock: () => Date;
}

/** An enrolment with its course and progress: what presenters need. */
export interface EnrolmentView {
  readonly enrolment: Enrolment;
  readonly course: Course;
  readonly progress: LearnerProgress;
}

/** The id of the enrolment fact of a user in a course (deterministic: one per course × user). */
export const enrolmentFactId = (slug: string, userKey: string) => `enrolment:${slug}:${userKey}`;

/** Loads a course a learner may enrol in: published; drafts are 404, archived courses 409. */
export async function enrollableCourse(catalog: LearningCatalog, slug: string): Promise<Course> {
  const course = await catalog.findCourse(slug);
  if (!course || course.state === 'draft' || course.state === 'in_review')
    throw new AppError('course_not_found', { params: { slug } });
  if (course.state === 'archived') throw new AppError('course_archived', { params: { slug } });
  return course;
}

/** Enrolment, withdrawal, my learning, cohorts and rosters. */
export function createEnrolmentService(deps: EnrolmentDeps) {
  const { enrolments, cohorts, catalog, clock } = deps;
  const views = async (
    list: readonly Enrolment[],
    courses: Map<string, Course>,
  ): Promise<EnrolmentView[]> => {
    const ids = list.map((e) => e.id);
    // Read-your-writes: what was acknowledged is applied before it is read.
    await deps.applier.drain(ids);
    const progress = await loadProgress(
      deps,
      list.map((e) => {
        const course = courses.get(e.courseSlug);
        return course ? { id: e.id, lessons: flattenLessons(course.modules) } : e.id;
      }),
    );
    return list.flatMap((enrolment) => {
      const course = courses.get(enrolment.courseSlug);
      const p = progress.get(enrolment.id);
      return course && p ? [{ enrolment, course, progress: p }] : [];
    });
  };
  const viewOf = async (enrolment: Enrolment, course: Course) =>
    (await views([enrolment], new Map([[course.slug, course]])))[0] as EnrolmentView;

  /** A seat in the named cohort, or in the first open cohort with room: `{ cohortId, seatId }`. */
  async function reserveSeat(course: Course, userId: string, cohortId: string | undefined, now: Date) {
    const all = await cohorts.listByCourse(course.slug);
    const candidates = cohortId ? all.filter((c) => c.id === cohortId) : all;
    if (cohortId && candidates.length === 0) throw new AppError('cohort_not_found', { params: { cohortId } });
    const open = candidates.filter((c) => c.enrolmentOpensAt <= now && now < c.enrolmentClosesAt);
    if (open.length === 0) throw new AppError('enrolment_closed', { params: { slug: course.slug } });
    for (const cohort of open) {
      const seatId = await cohorts.takeSeat(cohort, userId, now);
      if (seatId) return { cohortId: cohort.id, seatId };
    }
    throw new AppError('cohort_full', { params: { slug: course.slug } });
  }

  /** Takes a seat when the course is facilitated; a parallel call of the same user that won is ours. */
  async function seatFor(course: Course, actor: Actor, cohortId: string | undefined, now: Date) {
    if (course.format !== 'facilitated') return { cohortId: null, seatId: null };
    try {
      return await reserveSeat(course, actor.userId, cohortId, now);
    } catch (err) {
      const raced = await enrolments.findByCourseAndUser(course.slug, actor.userId);
      if (raced && raced.status === 'active') return { existing: raced };
      throw err;
    }
  }

  async function rejoin(existing: Enrolment, course: Course, actor: Actor, cohortId: string | undefined) {
    const now = clock();
    const seat = await seatFor(course, actor, cohortId, now);
    if ('existing' in seat) return seat.existing as Enrolment;
    const again = await enrolments.setStatus(
      existing.id,
      { status: 'active', withdrawnAt: null, cohortId: seat.cohortId, seatId: seat.seatId },
      { action: 're-enrolled', at: now, cohortId: seat.cohortId },
    );
    deps.cache.forget(existing.id);
    return again ?? existing;
  }

  return {
    /** Enrols the actor (idempotent: an existing enrolment is returned with `created: false`). */
    async enrol(actor: Actor, slug: string, input: { cohortId?: string | undefined }) {
      const course = await enrollableCourse(catalog, slug);
      if (course.format !== 'facilitated' && input.cohortId)
        throw new AppError('validation_failed', {
          issues: [{ in: 'body', path: ['cohortId'], code: 'cohort_not_applicable', params: {} }],
        });
      const existing = await enrolments.findByCourseAndUser(slug, actor.userId);
      if (existing?.status === 'withdrawn') {
        const back = await rejoin(existing, course, actor, input.cohortId);
        return { ...(await viewOf(back, course)), created: false };
      }
      if (existing) return { ...(await viewOf(existing, course)), created: false };
      const now = clock();
      const seat = await seatFor(course, actor, input.cohortId, now);
      if ('existing' in seat)
        return { ...(await viewOf(seat.existing as Enrolment, course)), created: false };
      // The fact first: a crash before the enrolment leaves a fact the sweep drops (see outbox).
      const learner = await deps.learners(actor.userId);
      const event = buildEvent('enrolment', `${slug}:${learner.userKey}`, now, learner, {
        courseSlug: slug,
        cohortId: seat.cohortId,
        collection: course.collection,
      });
      const base = {
        userId: actor.userId,
        courseSlug: slug,
        lessonKey: null,
        credentialSlug: null,
        at: now,
        event,
      };
      await deps.facts.insertNew([{ ...base, type: 'enrolment', enrolmentId: null }], now);
      const result = await enrolments.insert({
        courseSlug: slug,
        userId: actor.userId,
        ...seat,
        enrolledAt: now,
      });
      // Parallel calls of one learner share one seat: release only a seat the enrolment does not use.
      if (!result.created && seat.seatId && result.enrolment.seatId !== seat.seatId)
        await cohorts.releaseSeat(seat.seatId);
      if (result.created) deps.outbox.deliverIdsLater([event.id]);
      return { ...(await viewOf(result.enrolment, course)), created: result.created };
    },

    /** Withdraws the actor's own enrolment; progress and history are kept, the seat is freed. */
    async withdraw(actor: Actor, enrolmentId: string): Promise<EnrolmentView> {
      const enrolment = await ownEnrolment(enrolments, actor, enrolmentId);
      if (enrolment.status !== 'active')
        throw new AppError('enrolment_not_active', { params: { status: enrolment.status } });
      const now = clock();
      const withdrawn = await enrolments.setStatus(
        enrolment.id,
        { status: 'withdrawn', withdrawnAt: now, cohortId: enrolment.cohortId, seatId: null },
        { action: 'withdrawn', at: now, cohortId: enrolment.cohortId },
      );
      deps.cache.forget(enrolment.id);
      if (enrolment.seatId) await cohorts.releaseSeat(enrolment.seatId);
      return viewOf(withdrawn ?? enrolment, await courseOf(catalog, enrolment));
    },

    /** One enrolment of the actor (or any, for staff). */
    async get(actor: Actor, enrolmentId: string): Promise<EnrolmentView> {
      const enrolment = await ownEnrolment(enrolments, actor, enrolmentId, true);
      return viewOf(enrolment, await courseOf(catalog, enrolment));
    },

    /** "My learning": the actor's enrolments with their courses and progress. */
    async listMine(actor: Actor): Promise<EnrolmentView[]> {
      const mine = await enrolments.listByUser(actor.userId);
      const courses = await catalog.findCourses([...new Set(mine.map((e) => e.courseSlug))]);
      return views(mine, new Map(courses.map((c) => [c.slug, c])));
    },

    /** A course's roster: staff see all; facilitators see their cohorts only. */
    async roster(actor: Actor, slug: string, cohortId: string | undefined) {
      const course = await catalog.findCourse(slug);
      if (!course) throw new AppError('course_not_found', { params: { slug } });
      const all = await cohorts.listByCourse(slug);
      const isStaff = hasRole(actor, 'staff');
      const visible = isStaff ? all : all.filter((c) => c.facilitatorIds.includes(actor.userId));
      if (!isStaff && visible.length === 0) throw new AppError('forbidden');
      if (cohortId && !visible.some((c) => c.id === cohortId))
        throw new AppError(isStaff ? 'cohort_not_found' : 'forbidden', { params: { cohortId } });
      const filter = cohortId ? [cohortId] : isStaff ? null : visible.map((c) => c.id);
      const rows = await views(await enrolments.listByCourse(slug, filter), new Map([[slug, course]]));
      return { rows, people: await deps.people(rows.map((r) => r.enrolment.userId)) };
    },

    /** Creates a cohort of a facilitated course (staff). */
    async createCohort(slug: string, input: Omit<NewCohort, 'courseSlug'>): Promise<Cohort> {
      const course = await catalog.findCourse(slug);
      if (!course) throw new AppError('course_not_found', { params: { slug } });
      if (course.format !== 'facilitated')
        throw new AppError('validation_failed', {
          issues: [{ in: 'params', path: ['slug'], code: 'course_not_facilitated', params: { value: slug } }],
        });
      return cohorts.create({ ...input, courseSlug: slug });
    },

    /** The cohorts of a published course, open or not, with the seats left. */
    async listCohorts(slug: string): Promise<Cohort[]> {
      const course = await catalog.findCourse(slug);
      if (course?.state !== 'published') throw new AppError('course_not_found', { params: { slug } });
      return cohorts.listByCourse(slug);
    },
  };
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;

/** The actor's enrolment: 404 when unknown, 403 when someone else's (staff may read any). */
export async function ownEnrolment(
  enrolments: Pick<EnrolmentRepository, 'findById'>,
  actor: Actor,
  id: string,
  staffMayRead = false,
): Promise<Enrolment> {
  const enrolment = await enrolments.findById(id);
  if (!enrolment) throw new AppError('enrolment_not_found');
  if (enrolment.userId !== actor.userId && !(staffMayRead && hasRole(actor, 'staff')))
    throw new AppError('forbidden');
  return enrolment;
}

/** The course of an enrolment (archived courses included: enrolled learners keep access). */
export async function courseOf(catalog: LearningCatalog, enrolment: Enrolment): Promise<Course> {
  const course = await catalog.findCourse(enrolment.courseSlug);
  if (!course) throw new AppError('course_not_found', { params: { slug: enrolment.courseSlug } });
  return course;
}
