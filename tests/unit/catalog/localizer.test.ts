import { createLocalizer } from '../../../server/modules/catalog/localizer';

const item = {
  sourceLanguage: 'en',
  translationStatus: { en: 'reviewed' as const, ru: 'stale' as const, ar: 'reviewed' as const },
};

describe('createLocalizer', () => {
  it('picks per field and records fallbacks with their direction', () => {
    const loc = createLocalizer({ requested: 'ar', locale: 'ar' }, item);
    expect(loc.text('title', { en: 'Title', ar: 'العنوان' })).toBe('العنوان');
    expect(loc.text('summary', { en: 'Summary' })).toBe('Summary');
    expect(loc.text('description', {})).toBeNull();
    expect(loc.info()).toEqual({
      lang: 'ar',
      dir: 'rtl',
      fallback: { summary: { lang: 'en', dir: 'ltr' } },
      stale: false,
    });
  });

  it('prefers the negotiated UI locale over the source when the requested language is missing', () => {
    const loc = createLocalizer({ requested: 'fr', locale: 'ru' }, item);
    expect(loc.text('title', { en: 'Title', ru: 'Заголовок' })).toBe('Заголовок');
    expect(loc.info()).toMatchObject({ lang: 'ru', stale: true, fallback: { title: { lang: 'ru' } } });
  });

  it('a regional or script tag matches its base language without a fallback', () => {
    const loc = createLocalizer({ requested: 'ar-EG', locale: 'ar' }, item);
    expect(loc.text('title', { en: 'Title', ar: 'العنوان' })).toBe('العنوان');
    expect(loc.info().fallback).toEqual({});
  });
});
