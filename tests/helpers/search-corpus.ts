import type { SearchDocument } from '../../server/modules/search/search.port';

type Doc = Omit<SearchDocument, 'updatedAt' | 'body' | 'sourceLanguage'> &
  Partial<Pick<SearchDocument, 'body' | 'sourceLanguage'>>;

const DOCS: Doc[] = [
  {
    type: 'course',
    slug: 'genai-teaching-tool',
    title: {
      en: 'Generative AI as a Teaching Tool in Higher Education',
      ar: 'الذكاء الاصطناعي التوليدي أداةً للتدريس في التعليم العالي',
      ru: 'Генеративный искусственный интеллект как инструмент преподавания в вузе',
      zh: '生成式人工智能作为高等教育的教学工具',
    },
    summary: {
      en: 'Design assignments and feedback with generative models while keeping academic integrity.',
      ar: 'تصميم المهام والتغذية الراجعة باستخدام النماذج التوليدية مع الحفاظ على النزاهة الأكاديمية.',
      ru: 'Как проектировать задания и обратную связь с помощью генеративных моделей, сохраняя академическую честность.',
      zh: '在保持学术诚信的同时，利用生成式模型设计作业和反馈。',
    },
    audience: ['teacher'],
    topics: ['ai-in-education', 'higher-education'],
    collection: 'e-library-for-teachers',
  },
  {
    type: 'course',
    slug: 'inclusive-education-ict',
    title: {
      en: 'Introduction to Inclusive Education with ICT',
      ar: 'مقدمة في التعليم الجامع باستخدام تكنولوجيا المعلومات والاتصالات',
      ru: 'Введение в инклюзивное образование с использованием ИКТ',
      zh: '借助信息通信技术推进全纳教育入门',
    },
    summary: {
      en: 'Assistive technologies and universal design help every learner take part.',
      ar: 'تساعد التقنيات المساعدة والتصميم الشامل كلَّ متعلم على المشاركة.',
      ru: 'Вспомогательные технологии и универсальный дизайн помогают каждому ученику участвовать в уроке.',
      zh: '辅助技术和通用设计帮助每一位学习者参与学习。',
    },
    audience: ['teacher', 'school-administrator'],
    topics: ['inclusive-education', 'digital-skills'],
    collection: 'e-library-for-teachers',
  },
  {
    type: 'course',
    slug: 'preventing-bullying',
    title: {
      en: 'Preventing Bullying and Cyberbullying at School',
      ar: 'الوقاية من التنمر والتنمر الإلكتروني في المدرسة',
      ru: 'Профилактика травли и кибертравли в школе',
      zh: '预防校园欺凌和网络欺凌',
    },
    summary: {
      en: 'Recognise the signs early and respond together with parents and school psychologists.',
      ar: 'التعرّف المبكر على العلامات والاستجابة بالتعاون مع أولياء الأمور والأخصائيين النفسيين في المدارس.',
      ru: 'Как вовремя распознать признаки травли и действовать вместе с родителями и школьными психологами.',
      zh: '及早识别迹象，并与家长和学校心理咨询师一起应对。',
    },
    audience: ['teacher', 'parent', 'school-psychologist'],
    topics: ['health-and-well-being'],
    collection: 'eduhub-health-education',
  },
  {
    type: 'resource',
    slug: 'digital-technologies-inclusive-education',
    title: {
      en: 'Digital Technologies for Inclusive Education',
      ar: 'التقنيات الرقمية من أجل التعليم الجامع',
      ru: 'Цифровые технологии для инклюзивного образования',
      zh: '数字技术促进全纳教育',
    },
    summary: {
      en: 'A policy brief on accessible devices, platforms and teacher training.',
      ar: 'موجز سياساتي عن الأجهزة والمنصات الميسّرة وتدريب المعلمين.',
      ru: 'Аналитическая записка о доступных устройствах, платформах и подготовке учителей.',
      zh: '关于无障碍设备、平台和教师培训的政策简报。',
    },
    audience: ['policymaker', 'teacher'],
    topics: ['inclusive-education'],
    collection: null,
  },
  {
    type: 'course',
    slug: 'healthy-lifestyles',
    sourceLanguage: 'ar',
    title: {
      ar: 'أنماطُ الحياةِ الصحيّة لطلّاب المدارس',
      ru: 'Здоровый образ жизни школьников: зелёные перемены и спорт',
    },
    summary: {
      ar: 'إدارة الوقت والنوم والتغذية للمعلّمين وأولياء الأمور، مع أنشطة قصيرة في الهواء الطلق.',
      ru: 'Режим дня, сон и питание: короткие занятия на свежем воздухе для учителей и родителей.',
    },
    audience: ['parent', 'teacher'],
    topics: ['health-and-well-being'],
    collection: 'eduhub-health-education',
  },
  {
    type: 'credential',
    slug: 'gender-equality-ai',
    title: { en: 'Gender Equality in the Use of AI in Education' },
    summary: { en: 'A micro-credential on fair and safe use of AI tools by girls and boys.' },
    audience: ['teacher', 'policymaker'],
    topics: ['gender-equality', 'ai-in-education'],
    collection: null,
  },
  {
    type: 'resource',
    slug: 'open-data-higher-education',
    title: {
      en: 'Open Data in Higher Education',
      ru: 'Открытые данные в высшем образовании',
      zh: '高等教育中的开放数据',
    },
    summary: {
      en: 'How universities publish and reuse research data.',
      ru: 'Как университеты публикуют и повторно используют исследовательские данные.',
      zh: '大学如何发布和再利用科研数据。',
    },
    audience: ['policymaker'],
    topics: ['open-education', 'higher-education'],
    collection: null,
  },
];

/** A small multilingual corpus for the search contract; `updatedAt` increases in list order. */
export function searchCorpus(): SearchDocument[] {
  return DOCS.map((d, i) => ({
    body: {},
    sourceLanguage: 'en',
    ...d,
    updatedAt: new Date(Date.UTC(2026, 0, 1 + i)),
  }));
}
