import type { Course } from '../../../server/modules/catalog/course.model';
import { applyCourseTranslation, courseTexts } from '../../../server/modules/catalog/course.translation';

const course = {
  title: { en: 'T' },
  summary: {},
  description: { en: 'D' },
  modules: [
    {
      key: 'm',
      title: { en: 'M' },
      lessons: [
        {
          key: 'q',
          kind: 'quiz',
          title: { en: 'Q' },
          passingScore: 50,
          maxAttempts: null,
          estimatedMinutes: null,
          required: true,
          questions: [
            {
              key: 'k',
              type: 'single',
              prompt: { en: 'P' },
              feedback: {},
              options: [{ key: 'a', text: { en: 'A' }, correct: true }],
            },
          ],
        },
      ],
    },
  ],
} as unknown as Course;

describe('course translation', () => {
  it('lists texts aligned across languages', () => {
    expect(courseTexts(course, 'en')).toEqual(['T', undefined, 'D', 'M', 'Q', 'P', undefined, 'A']);
    expect(courseTexts(course, 'ar')).toHaveLength(8);
  });

  it('writes texts by key and leaves the rest alone', () => {
    const out = applyCourseTranslation(course, 'ar', {
      status: 'draft',
      title: 'ع',
      modules: { m: { lessons: { q: { questions: { k: { options: { a: 'أ' } } } } } } },
    });
    expect(out.title).toEqual({ en: 'T', ar: 'ع' });
    expect(courseTexts({ ...course, ...out }, 'ar')).toEqual([
      'ع',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'أ',
    ]);
  });

  it('reports every unknown key', () => {
    expect(() =>
      applyCourseTranslation(course, 'ar', {
        status: 'draft',
        modules: { x: {}, m: { lessons: { q: { body: 'b', questions: { z: {} } } } } },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        issues: [
          expect.objectContaining({ path: ['modules', 'x'] }),
          expect.objectContaining({ path: ['modules', 'm', 'lessons', 'q', 'body'] }),
          expect.objectContaining({ path: ['modules', 'm', 'lessons', 'q', 'questions', 'z'] }),
        ],
      }),
    );
  });
});
