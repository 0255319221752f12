import type { OutlineLesson } from '../../../server/modules/enrolment/completion';
import type { Enrolment } from '../../../server/modules/enrolment/enrolment.repository';
import type { FactSummary } from '../../../server/modules/enrolment/fact.repository';
import { createLearningCache } from '../../../server/modules/enrolment/learning.cache';
import { withFacts } from '../../../server/modules/enrolment/progress.state';

const LESSONS = [
  { key: 'a', kind: 'page' },
  { key: 'b', kind: 'page' },
  { key: 'q', kind: 'quiz' },
] as unknown as OutlineLesson[];
const EMPTY = { completedLessons: [], quizzes: {}, completedAt: null, lastActivityAt: null };
const enrolment = { id: 'e1', userId: 'u1', courseSlug: 'c', status: 'active' } as unknown as Enrolment;
const fact = (lessonKey: string): FactSummary => ({
  _id: `lesson_completed:e1:${lessonKey}`,
  type: 'lesson_completed',
  enrolmentId: 'e1',
  lessonKey,
  at: new Date('2026-11-30T10:00:00Z'),
});

function setUp(stored: FactSummary[] = []) {
  let now = 0;
  const findById = jest.fn(async (id: string) => (id === 'e1' ? enrolment : null));
  let releaseFacts: () => void = () => {};
  const gate = new Promise<void>((resolve) => (releaseFacts = resolve));
  // Progress is read by fact `_id` (the ids the course's lessons can have), never by a scan.
  const findSummaries = jest.fn(async (ids: readonly string[]) => {
    await gate;
    return stored.filter((f) => ids.includes(f._id));
  });
  const listByEnrolments = jest.fn(async (ids: readonly string[]) => (ids.length ? stored : []));
  const cache = createLearningCache(
    {
      enrolments: { findById } as never,
      facts: { listByEnrolments, findSummaries } as never,
      progress: { listAttempts: async () => [] } as never,
    },
    () => now,
  );
  return {
    cache,
    findById,
    findSummaries,
    listByEnrolments,
    releaseFacts,
    tick: (ms: number) => (now += ms),
  };
}

describe('learning cache', () => {
  it('serves an enrolment from memory for five seconds, then reads it again; forget drops it', async () => {
    const { cache, findById, tick } = setUp();
    expect(await cache.findById('e1')).toBe(enrolment);
    tick(4_999);
    await cache.findById('e1');
    expect(findById).toHaveBeenCalledTimes(1);
    tick(1);
    await cache.findById('e1');
    expect(findById).toHaveBeenCalledTimes(2);
    cache.forget('e1');
    await cache.findById('e1');
    expect(findById).toHaveBeenCalledTimes(3);
  });

  it('does not remember unknown enrolments', async () => {
    const { cache, findById } = setUp();
    expect(await cache.findById('nope')).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.findById('nope')).toBeNull();
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('what the applier learned while a read was in flight is not lost when the read lands', async () => {
    const { cache, findSummaries, listByEnrolments, releaseFacts } = setUp([fact('a'), fact('gone')]);
    const reading = cache.progress('e1', LESSONS);
    cache.learned('e1', withFacts(EMPTY, [fact('b')]));
    releaseFacts();
    expect([...(await reading).completedLessons].sort()).toEqual(['a', 'b']);
    expect(cache.current('e1')?.completedLessons).toHaveLength(2);
    expect([...(await cache.progress('e1', LESSONS)).completedLessons].sort()).toEqual(['a', 'b']);
    expect(findSummaries).toHaveBeenCalledTimes(1);
    expect(findSummaries.mock.calls[0]?.[0]).toEqual([
      'course_completed:e1',
      'lesson_completed:e1:a',
      'lesson_completed:e1:b',
      'lesson_completed:e1:q',
      'quiz_passed:e1:q',
    ]);
    expect(listByEnrolments).not.toHaveBeenCalledWith(['e1']);
  });
});
