import {
  countMissing,
  markOthersStale,
  reviewedLanguages,
  statusAfterEdit,
  worklistReason,
} from '../../../server/modules/catalog/translation';

describe('translation status', () => {
  it('a source edit makes every other language stale and keeps the source reviewed', () => {
    expect(markOthersStale({ en: 'reviewed', ar: 'reviewed', ru: 'draft' }, 'en')).toEqual({
      en: 'reviewed',
      ar: 'stale',
      ru: 'stale',
    });
  });

  it('a first text in a language makes it a draft; an explicit status wins', () => {
    const item = {
      sourceLanguage: 'ru',
      translationStatus: { ru: 'reviewed' as const, en: 'stale' as const },
    };
    expect(statusAfterEdit(item, { sourceChanged: false, touched: ['zh'] })).toEqual({
      ru: 'reviewed',
      en: 'stale',
      zh: 'draft',
    });
    expect(
      statusAfterEdit(item, { sourceChanged: false, touched: ['en'] }, { lang: 'en', status: 'reviewed' }),
    ).toEqual({
      ru: 'reviewed',
      en: 'reviewed',
    });
    // The source language cannot be demoted.
    expect(
      statusAfterEdit(item, { sourceChanged: true, touched: ['ru'] }, { lang: 'ru', status: 'draft' }),
    ).toEqual({
      ru: 'reviewed',
      en: 'stale',
    });
  });

  it('reviewed languages always include the source', () => {
    expect(reviewedLanguages({ ar: 'reviewed', ru: 'stale', zh: 'draft' }, 'en')).toEqual(['ar', 'en']);
  });

  it.each([
    [{}, 'ar', 2, 'missing'],
    [{ ar: 'draft' }, 'ar', 1, 'draft'],
    [{ ar: 'stale' }, 'ar', 0, 'stale'],
    [{ ar: 'reviewed' }, 'ar', 1, 'missing'],
    [{ ar: 'reviewed' }, 'ar', 0, undefined],
    [{}, 'en', 0, undefined],
  ] as const)('worklist reason for %j in %s with %i missing texts → %s', (status, lang, missing, reason) => {
    expect(worklistReason(status, 'en', lang, missing)).toBe(reason);
  });

  it('counts source texts without a counterpart', () => {
    expect(countMissing(['a', undefined, 'c', 'd'], ['x', 'y', undefined, ''])).toBe(2);
  });
});
