import type { NamedExample } from '../registry';

/** One seed course (content/courses/gender-bias-in-ai-for-educators.json) as a list card in a language. */
function card(
  lang: string,
  dir: 'ltr' | 'rtl',
  title: string,
  summary: string,
  labels: Record<string, string>,
) {
  return {
    slug: 'gender-bias-in-ai-for-educators',
    state: 'published',
    sourceLanguage: 'en',
    availableLanguages: ['ar', 'en', 'ru', 'zh'],
    reviewedLanguages: ['en'],
    publishedAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T08:00:00.000Z',
    title,
    summary,
    audiences: ['teacher', 'school-administrator', 'policymaker'],
    topics: ['gender-equality', 'ai-in-education', 'media-and-information-literacy'],
    level: 'introductory',
    format: 'self-paced',
    collection: 'e-library-for-teachers',
    partners: [],
    estimatedHours: 2,
    coverImageFileId: null,
    ...labels,
    lang,
    dir,
    fallback: {},
    stale: false,
  };
}

const page = (lang: string, dir: 'ltr' | 'rtl', item: unknown) => ({
  data: { lang, dir, items: [item] },
  pagination: { page: 1, pageSize: 20, total: 1 },
});

/** GET /api/courses?lang=… in Arabic (right to left), Russian and Chinese. */
export const COURSE_LIST_EXAMPLES: Readonly<Record<string, NamedExample>> = {
  ar: {
    summary: 'العربية (rtl)',
    value: page(
      'ar',
      'rtl',
      card(
        'ar',
        'rtl',
        'المساواة بين الجنسين في الذكاء الاصطناعي وتكنولوجيا المعلومات والاتصالات في التعليم (2): التحيز الجنساني في الذكاء الاصطناعي',
        'من أين يأتي التحيز الجنساني في الذكاء الاصطناعي، وكيف تُختبر الأدوات للكشف عنه، وكيف يُحمى الطلاب من القرارات المتحيزة.',
        { levelLabel: 'تمهيدي', formatLabel: 'تعلّم ذاتي', estimatedHoursLabel: 'ساعتان' },
      ),
    ),
  },
  ru: {
    summary: 'Русский',
    value: page(
      'ru',
      'ltr',
      card(
        'ru',
        'ltr',
        'Гендерное равенство в ИИ и ИКТ в образовании. Часть 2: гендерная предвзятость в ИИ',
        'Откуда берётся гендерная предвзятость в ИИ, как проверять на неё инструменты и как защитить учеников от предвзятых решений.',
        { levelLabel: 'Начальный', formatLabel: 'В своём темпе', estimatedHoursLabel: '2 часа' },
      ),
    ),
  },
  zh: {
    summary: '中文',
    value: page(
      'zh',
      'ltr',
      card(
        'zh',
        'ltr',
        '教育中人工智能与信息通信技术的性别平等（二）：人工智能中的性别偏见',
        '人工智能中的性别偏见从何而来，如何检测工具中的偏见，以及如何保护学生免受有偏见的决策影响。',
        { levelLabel: '入门', formatLabel: '自定进度', estimatedHoursLabel: '2 小时' },
      ),
    ),
  },
};

/** POST /api/courses: a draft created in Arabic as its source language. */
export const CREATE_COURSE_EXAMPLES: Readonly<Record<string, NamedExample>> = {
  ar: {
    summary: 'A course authored in Arabic',
    value: {
      slug: 'digital-skills-for-teachers-ar',
      sourceLanguage: 'ar',
      title: { ar: 'المهارات الرقمية للمعلمين' },
      summary: { ar: 'كيف تستخدم الأدوات الرقمية في الصف بأمان وفعالية.' },
      audiences: ['teacher'],
      topics: ['digital-skills'],
      level: 'introductory',
      format: 'self-paced',
    },
  },
};
