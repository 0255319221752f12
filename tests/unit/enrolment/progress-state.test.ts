import { flattenLessons } from '../../../server/modules/enrolment/completion';
import type { Enrolment } from '../../../server/modules/enrolment/enrolment.repository';
import type { Fact, FactSummary, NewFact } from '../../../server/modules/enrolment/fact.repository';
import { afterChange, type ProgressDeps } from '../../../server/modules/enrolment/progress.service';
import {
  type LearnerProgress,
  progressFrom,
  withFacts,
} from '../../../server/modules/enrolment/progress.state';
import { textLesson } from '../../fixtures/learning';

const at = new Date('2026-11-30T10:00:00Z');
const fact = (type: FactSummary['type'], lessonKey: string | null, enrolmentId = 'e1'): FactSummary => ({
  _id: `${type}:${enrolmentId}${lessonKey ? `:${lessonKey}` : ''}`,
  type,
  enrolmentId,
  lessonKey,
  at,
});
const lessons = flattenLessons([
  { key: 'm', title: {}, lessons: [textLesson('a'), textLesson('b'), textLesson('c')] },
] as never);
const enrolment = { id: 'e1', userId: 'u1', courseSlug: 'course', cohortId: null } as unknown as Enrolment;

/** In-memory facts store standing in for the database another request writes to concurrently. */
function fakeDeps(stored: FactSummary[]) {
  const delivered: Fact[] = [];
  const findSummaries = jest.fn(async (ids: readonly string[]) => stored.filter((f) => ids.includes(f._id)));
  const deps = {
    facts: {
      findSummaries,
      async insertNew(facts: readonly NewFact[], now: Date) {
        const fresh = facts.filter((f) => !stored.some((s) => s._id === f.event.id));
        for (const f of fresh) stored.push({ ...f, _id: f.event.id });
        return fresh.map((f) => ({ ...f, _id: f.event.id, delivered: false, createdAt: now }));
      },
    },
    learners: async () => ({
      userKey: 'k1',
      profile: { country: 'KE', audience: 'teacher', gender: null, preferredLanguage: 'en' },
    }),
    outbox: { deliverLater: (facts: readonly Fact[]) => delivered.push(...facts) },
    onCourseCompleted: jest.fn(async () => []),
    clock: () => at,
  } as unknown as ProgressDeps;
  return { deps, delivered, findSummaries };
}

describe('progress folded in memory', () => {
  it('adds facts idempotently: folding a fact twice changes nothing', () => {
    const once = withFacts(progressFrom([], []), [fact('lesson_completed', 'a')]);
    const twice = withFacts(once, [fact('lesson_completed', 'a'), fact('course_completed', null)]);
    expect(twice.completedLessons).toEqual(['a']);
    expect(twice.completedAt).toEqual(at);
    expect(withFacts(twice, [{ ...fact('course_completed', null), at: new Date() }]).completedAt).toEqual(at);
  });

  it('completes the course when the lessons this request did not see were added by another one', async () => {
    // This request read a, wrote c; meanwhile another request wrote b.
    const stored = [
      fact('lesson_completed', 'a'),
      fact('lesson_completed', 'b'),
      fact('lesson_completed', 'c'),
    ];
    const { deps, delivered, findSummaries } = fakeDeps(stored);
    const known: LearnerProgress = withFacts(progressFrom([], []), [stored[0], stored[2]] as FactSummary[]);
    const added = [{ ...(stored[2] as FactSummary), delivered: false, createdAt: at }] as unknown as Fact[];
    const progress = await afterChange(deps, enrolment, { collection: null }, lessons, known, added, at);
    expect(findSummaries).toHaveBeenCalledWith(['lesson_completed:e1:b']);
    expect(progress.completedAt).toEqual(at);
    expect(stored.filter((f) => f.type === 'course_completed')).toHaveLength(1);
    expect(deps.onCourseCompleted).toHaveBeenCalledWith('u1', 'course');
    expect(delivered.map((f) => f.type)).toEqual(['lesson_completed', 'course_completed']);
  });

  it('reads nothing when the request added no fact or the course is complete in memory', async () => {
    const stored = [fact('lesson_completed', 'a')];
    const { deps, findSummaries } = fakeDeps(stored);
    const known = withFacts(progressFrom([], []), stored);
    const progress = await afterChange(deps, enrolment, { collection: null }, lessons, known, [], at);
    expect(progress.completedAt).toBeNull();
    const all = withFacts(known, [fact('lesson_completed', 'b'), fact('lesson_completed', 'c')]);
    const done = await afterChange(deps, enrolment, { collection: null }, lessons, all, [], at);
    expect(done.completedAt).toEqual(at);
    expect(findSummaries).not.toHaveBeenCalled();
  });
});
