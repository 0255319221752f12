import { detectLanguage, postLanguage } from '../../../server/modules/forum/forum.language';

describe('post language detection', () => {
  it.each([
    ['كيف نستخدم الذكاء الاصطناعي؟', 'en', 'ar'],
    ['Как использовать чат-боты?', 'en', 'ru'],
    ['我们如何使用人工智能？', 'en', 'zh'],
    ['人工知能をどう使いますか', 'en', 'ja'],
    ['שלום לכולם', 'en', 'he'],
    ['How do we use AI?', 'fr', 'fr'],
    ['How do we use AI?', 'ar', 'en'],
    ['12345 !!!', 'ru', 'ru'],
    ['Arabic word: مرحبا في المنتدى الكبير', 'en', 'ar'],
  ])('%j with hint %s → %s', (text, hint, expected) => {
    expect(detectLanguage(text, hint)).toBe(expected);
  });

  it('prefers the author’s tag and derives the direction', () => {
    expect(postLanguage('Hello', 'ar', 'en')).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(postLanguage('مرحبا', undefined, 'en')).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(postLanguage('Hello', undefined, 'en')).toEqual({ lang: 'en', dir: 'ltr' });
  });
});
