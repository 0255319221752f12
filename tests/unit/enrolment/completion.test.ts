import {
  flattenLessons,
  isCourseComplete,
  progressOf,
  quizScores,
} from '../../../server/modules/enrolment/completion';
import { quizLesson, textLesson } from '../../fixtures/learning';

const modules = [
  { key: 'm1', title: { en: 'One' }, lessons: [textLesson('a'), textLesson('extra', false)] },
  { key: 'm2', title: { en: 'Two' }, lessons: [quizLesson('q')] },
] as never;
const lessons = flattenLessons(modules);
const passed = { q: { attempts: 1, bestScore: 100, passedAt: new Date() } };

describe('completion rule', () => {
  it('flattens lessons in module order with their module key', () => {
    expect(lessons.map((l) => [l.moduleKey, l.key, l.required])).toEqual([
      ['m1', 'a', true],
      ['m1', 'extra', false],
      ['m2', 'q', true],
    ]);
  });

  it('needs every required lesson completed and every required quiz passed', () => {
    expect(isCourseComplete(lessons, { completedLessons: [], quizzes: {} })).toBe(false);
    expect(isCourseComplete(lessons, { completedLessons: ['a'], quizzes: {} })).toBe(false);
    const failed = { q: { attempts: 3, bestScore: 50, passedAt: null } };
    expect(isCourseComplete(lessons, { completedLessons: ['a'], quizzes: failed })).toBe(false);
    expect(isCourseComplete(lessons, { completedLessons: ['a'], quizzes: passed })).toBe(true);
  });

  it('does not count a quiz marked as a completed lesson', () => {
    expect(isCourseComplete(lessons, { completedLessons: ['a', 'q'], quizzes: {} })).toBe(false);
  });

  it('never completes an empty course; optional-only courses need every lesson', () => {
    expect(isCourseComplete([], { completedLessons: [], quizzes: {} })).toBe(false);
    const optional = flattenLessons([{ key: 'm', title: {}, lessons: [textLesson('x', false)] }] as never);
    expect(isCourseComplete(optional, { completedLessons: ['x'], quizzes: {} })).toBe(true);
  });

  it('reports progress over required lessons and the first lesson not done', () => {
    expect(progressOf(lessons, { completedLessons: [], quizzes: {} })).toMatchObject({ percent: 0 });
    const half = progressOf(lessons, { completedLessons: ['a'], quizzes: {} });
    expect(half.percent).toBe(50);
    expect(half.nextLesson?.key).toBe('extra');
    const done = progressOf(lessons, { completedLessons: ['a', 'extra'], quizzes: passed });
    expect(done).toEqual({ percent: 100, nextLesson: null });
  });

  it('lists best quiz scores, 0 for quizzes never tried', () => {
    expect(quizScores(lessons, { completedLessons: [], quizzes: {} })).toEqual([0]);
    expect(quizScores(lessons, { completedLessons: [], quizzes: passed })).toEqual([100]);
  });
});
