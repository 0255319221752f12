import { pickText } from '../../../server/shared/localized';

const title = { en: 'Inclusive education', ar: 'التعليم الشامل', ru: 'Инклюзивное образование' };

describe('pickText', () => {
  it('serves the requested language without fallback', () => {
    expect(pickText(title, 'ar', 'en')).toEqual({
      value: 'التعليم الشامل',
      lang: 'ar',
      fallback: false,
      dir: 'rtl',
    });
  });
  it('serves the base language of a regional tag without calling it a fallback', () => {
    expect(pickText(title, 'ru-KZ', 'en')).toMatchObject({ lang: 'ru', fallback: false });
  });
  it('falls back to the source language before English', () => {
    expect(pickText(title, 'zh', 'ru')).toMatchObject({
      value: 'Инклюзивное образование',
      lang: 'ru',
      fallback: true,
    });
  });
  it('falls back to English when the source language is missing too', () => {
    expect(pickText(title, 'zh-Hans', 'fr')).toMatchObject({ lang: 'en', fallback: true });
  });
  it('falls back to any language present when neither source nor English exist', () => {
    expect(pickText({ zh: '数字技能' }, 'ar', 'ru')).toMatchObject({
      value: '数字技能',
      lang: 'zh',
      fallback: true,
    });
  });
  it('ignores empty translations', () => {
    expect(pickText({ en: 'Digital skills', ar: '' }, 'ar', 'en')).toMatchObject({
      lang: 'en',
      fallback: true,
    });
  });
  it('returns undefined for an empty field', () => {
    expect(pickText({}, 'en', 'en')).toBeUndefined();
    expect(pickText(undefined, 'en', 'en')).toBeUndefined();
  });
});
