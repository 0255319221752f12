import type { CourseModule } from '../../../server/modules/catalog/course.model';
import {
  addLesson,
  addModule,
  buildOutline,
  patchLesson,
  removeModule,
  reorder,
} from '../../../server/modules/catalog/course.outline';

const outline = (): CourseModule[] =>
  buildOutline([
    {
      key: 'm1',
      title: { en: 'One' },
      lessons: [
        {
          key: 'a',
          kind: 'text',
          title: { en: 'A' },
          body: { en: 'a' },
          estimatedMinutes: null,
          required: true,
        },
        {
          key: 'b',
          kind: 'link',
          title: { en: 'B' },
          url: 'https://x.test',
          body: {},
          estimatedMinutes: null,
          required: false,
        },
      ],
    },
  ]);

describe('course outline edits', () => {
  it('generates keys and refuses duplicates course-wide', () => {
    const modules = addModule(outline(), { title: { en: 'Two' } });
    expect(modules[1]?.key).toMatch(/^m[0-9a-f]{6}$/);
    expect(() => addModule(modules, { key: 'm1', title: { en: 'x' } })).toThrow(
      expect.objectContaining({ code: 'duplicate' }),
    );
    const lesson = {
      key: 'a',
      kind: 'text' as const,
      title: { en: 'dup' },
      body: { en: 'x' },
      estimatedMinutes: null,
      required: true,
    };
    expect(() => addLesson(modules, modules[1]?.key ?? '', lesson)).toThrow(
      expect.objectContaining({ code: 'duplicate' }),
    );
  });

  it('reorder needs every key exactly once', () => {
    const items = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    expect(reorder(items, ['c', 'a', 'b']).map((i) => i.key)).toEqual(['c', 'a', 'b']);
    for (const keys of [
      ['a', 'b'],
      ['a', 'a', 'b'],
      ['a', 'b', 'z'],
    ]) {
      expect(() => reorder(items, keys)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });

  it('patches merge per language and keep the lesson valid for its kind', () => {
    const patched = patchLesson(outline(), 'm1', 'a', { title: { ar: 'أ', en: null }, required: false });
    expect(patched[0]?.lessons[0]).toMatchObject({ key: 'a', title: { ar: 'أ' }, required: false });
    expect(() => patchLesson(outline(), 'm1', 'a', { url: 'https://x.test' })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => patchLesson(outline(), 'm1', 'zz', {})).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('removing an unknown module is a 404', () => {
    expect(() => removeModule(outline(), 'nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(removeModule(outline(), 'm1')).toEqual([]);
  });
});
