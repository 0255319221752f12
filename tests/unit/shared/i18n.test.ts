import {
  isLanguageTag,
  negotiateLocale,
  parseAcceptLanguage,
  textDirection,
} from '../../../server/shared/i18n';

const SUPPORTED = ['en', 'ar', 'ru', 'zh'];
const negotiate = (input: Parameters<typeof negotiateLocale>[0]) => negotiateLocale(input, SUPPORTED, 'en');

describe('parseAcceptLanguage', () => {
  it('orders tags by q-value, keeping header order for ties', () => {
    expect(parseAcceptLanguage('fr;q=0.5, ru;q=0.9, ar, zh-CN;q=0.9')).toEqual(['ar', 'ru', 'zh-CN', 'fr']);
  });
  it('drops q=0, wildcards and garbage', () => {
    expect(parseAcceptLanguage('ru;q=0, *, 12, en;q=abc, zh')).toEqual(['zh']);
  });
  it('returns nothing for an absent header', () => {
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
});

describe('negotiateLocale', () => {
  it.each([
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hant-TW', 'zh'],
    ['ar-EG', 'ar'],
    ['ru-KZ', 'ru'],
    ['EN-gb', 'en'],
  ])('maps %s to %s through its base language', (header, expected) => {
    expect(negotiate({ acceptLanguage: header }).locale).toBe(expected);
  });
  it('prefers ?lang= over the profile and Accept-Language', () => {
    expect(negotiate({ query: 'ru', profile: 'ar', acceptLanguage: 'zh' }).locale).toBe('ru');
  });
  it('prefers the profile over Accept-Language', () => {
    expect(negotiate({ profile: 'ar', acceptLanguage: 'zh' }).locale).toBe('ar');
  });
  it('skips unsupported languages to the next choice, keeping what was asked first', () => {
    const result = negotiate({ acceptLanguage: 'fr-FR, kk;q=0.8, ru;q=0.5' });
    expect(result).toEqual({ locale: 'ru', requested: 'fr-FR', dir: 'ltr' });
  });
  it('falls back to the default when nothing matches', () => {
    expect(negotiate({ acceptLanguage: 'de, fr' }).locale).toBe('en');
    expect(negotiate({}).locale).toBe('en');
  });
  it('marks Arabic right-to-left', () => {
    expect(negotiate({ query: 'ar' }).dir).toBe('rtl');
  });
});

describe('textDirection', () => {
  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['fa', 'rtl'],
    ['he', 'rtl'],
    ['ur-PK', 'rtl'],
    ['az-Arab', 'rtl'],
    ['ku-Latn', 'ltr'],
    ['ru', 'ltr'],
    ['zh-Hans', 'ltr'],
    ['en', 'ltr'],
  ])('%s is %s', (tag, dir) => {
    expect(textDirection(tag)).toBe(dir);
  });
});

describe('isLanguageTag', () => {
  it.each(['en', 'zh-Hans-CN', 'ar-EG', 'sr-Latn'])('accepts %s', (tag) =>
    expect(isLanguageTag(tag)).toBe(true),
  );
  it.each(['', 'e', 'english!', 'en_US', '<script>', 'a'.repeat(40)])('rejects %j', (tag) =>
    expect(isLanguageTag(tag)).toBe(false),
  );
});
