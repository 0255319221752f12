import { analyzeQuery } from '../../../server/modules/search/analysis/analyzer';
import { editDistance, highlight } from '../../../server/modules/search/analysis/highlight';
import {
  filterValue,
  MEILI_SETTINGS,
  meiliFilter,
  settingsMatch,
} from '../../../server/modules/search/meili.engine';

const marked = (text: string, q: string) =>
  highlight(text, analyzeQuery(q)).map(([s, e]) => text.slice(s, e));

describe('highlight', () => {
  it('marks inflected forms through the stem', () => {
    expect(marked('Курсы для учителей и учителям', 'учитель')).toEqual(['учителей', 'учителям']);
  });
  it('marks a word with diacritics and the article for a bare query', () => {
    expect(marked('الوقاية من التَّنَمُّر في المدرسة', 'تنمر')).toEqual(['التَّنَمُّر']);
  });
  it('marks what a typo matched, and the prefix of the last word', () => {
    expect(marked('Inclusive education with ICT', 'inclusve educ')).toEqual(['Inclusive', 'education']);
  });
  it('marks every word of a synonym phrase, in any language', () => {
    expect(marked('Ethics of artificial intelligence in schools', 'ИИ')).toEqual([
      'artificial',
      'intelligence',
    ]);
    expect(marked('生成式人工智能的应用', 'AI')).toEqual(['人工', '智能']);
  });
  it('leaves stop words unmarked', () => {
    expect(marked('The teacher and the class', 'the teacher')).toEqual(['teacher']);
  });
});

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3, 3],
    ['education', 'educaton', 2, 1],
    ['abc', 'abcdef', 1, 2],
  ])('%s ↔ %s (max %i) = %i', (a, b, max, d) => {
    expect(editDistance(a, b, max)).toBe(d);
  });
});

describe('Meilisearch filters and settings', () => {
  it('quotes and escapes values so filter syntax inside them stays text', () => {
    expect(filterValue('teacher" OR type = "course')).toBe('"teacher\\" OR type = \\"course"');
    expect(filterValue('a\\"b')).toBe('"a\\\\\\"b"');
    expect(meiliFilter({ type: 'course', audience: 'parent', topic: 'assessment', collection: 'x' })).toEqual(
      ['type = "course"', 'audience = "parent"', 'topics = "assessment"', 'collection = "x"'],
    );
    expect(meiliFilter({})).toEqual([]);
  });
  it('never lets typo tolerance turn one synonym group into another', () => {
    expect(MEILI_SETTINGS.typoTolerance?.disableOnWords).toEqual(
      expect.arrayContaining(['qsynai', 'qsynict']),
    );
  });

  it('applies settings only when one we declare differs (Meilisearch adds its own defaults)', () => {
    const current = {
      ...MEILI_SETTINGS,
      rankingRules: ['words', 'typo'],
      typoTolerance: { ...MEILI_SETTINGS.typoTolerance, disableOnAttributes: [] },
    };
    expect(settingsMatch(MEILI_SETTINGS, current)).toBe(true);
    expect(settingsMatch(MEILI_SETTINGS, { ...current, sortableAttributes: [] })).toBe(false);
    expect(settingsMatch(MEILI_SETTINGS, { ...current, typoTolerance: { enabled: false } })).toBe(false);
  });
});
