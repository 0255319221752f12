import {
  analyzeQuery,
  indexTerms,
  typoBudget,
  words,
} from '../../../server/modules/search/analysis/analyzer';
import {
  normalizeArabic,
  normalizeCyrillic,
  normalizeLatin,
  scriptOf,
  stemArabic,
} from '../../../server/modules/search/analysis/normalize';

describe('Arabic normalization', () => {
  it.each([
    ['أحمد', 'احمد'],
    ['إدارة', 'اداره'],
    ['آمال', 'امال'],
    ['ٱلكتاب', 'الكتاب'],
    ['مستشفى', 'مستشفي'],
    ['مدرسة', 'مدرسه'],
    ['المُعَلِّمِينَ', 'المعلمين'],
    ['تـــعـــليم', 'تعليم'],
    ['٢٠٢٥', '2025'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeArabic(input)).toBe(expected);
  });
});

describe('Arabic light stemming', () => {
  it.each([
    ['المعلمين', 'معلم'],
    ['والتعليم', 'تعليم'],
    ['بالتنمر', 'تنمر'],
    ['للمعلمين', 'معلم'],
    ['مدرسه', 'مدرس'],
    ['وزاره', 'وزار'], // a bare و is a root letter here, not "and"
    ['بحث', 'بحث'],
    ['الى', 'الى'], // too short to lose its first letters
  ])('%s → %s', (input, expected) => {
    expect(stemArabic(input)).toBe(expected);
  });
});

describe('Cyrillic and Latin normalization', () => {
  it('folds ё into е and lower-cases', () => {
    expect(normalizeCyrillic('Зелёные Ёлки')).toBe('зеленые елки');
  });
  it('strips accents and folds ß', () => {
    expect(normalizeLatin('Éducation Straße')).toBe('education strasse');
  });
  it.each([
    ['تعليم', 'arabic'],
    ['образование', 'cyrillic'],
    ['教育', 'han'],
    ['education', 'latin'],
    ['2025', 'other'],
  ])('script of %s is %s', (w, script) => {
    expect(scriptOf(w)).toBe(script);
  });
});

describe('words and terms', () => {
  it('segments Chinese without spaces and keeps offsets into the original text', () => {
    const ws = words('预防校园欺凌');
    expect(ws.map((w) => w.surface).join('|')).toBe('预防|校园|欺凌');
    expect(ws.map((w) => [w.start, w.end])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
  });

  it('stems Russian inflections to one term and keeps short abbreviations whole', () => {
    expect(words('учителей учителям').map((w) => w.stem)).toEqual(['учител', 'учител']);
    expect(words('ИИ').map((w) => w.stem)).toEqual(['ии']);
  });

  it('indexes surface forms, stems and synonym group terms, without stop words', () => {
    const terms = indexTerms('Teachers and the artificial intelligence').split(' ');
    expect(terms).toEqual(expect.arrayContaining(['teachers', 'teacher', 'artificial', 'qsynai']));
    expect(terms).not.toContain('and');
    expect(terms).not.toContain('the');
  });

  it('finds a synonym phrase in Chinese however ICU segments it', () => {
    expect(indexTerms('生成式人工智能在高等教育中的应用')).toContain('qsynai');
  });

  it('replaces a synonym phrase in a query with its group term, longest phrase first', () => {
    expect(analyzeQuery('generative AI tools')).toEqual([
      { kind: 'synonym', term: 'qsyngenai' },
      { kind: 'word', surface: 'tools', stem: 'tool', script: 'latin' },
    ]);
    expect(analyzeQuery('الذكاء الاصطناعي')).toEqual([{ kind: 'synonym', term: 'qsynai' }]);
    expect(analyzeQuery('искусственного интеллекта')).toEqual([{ kind: 'synonym', term: 'qsynai' }]);
  });

  it('does not read the conjunction и as the abbreviation ИИ', () => {
    expect(indexTerms('образования и обучения')).not.toContain('qsynai');
  });

  it('allows typos by word length like Meilisearch, never in Chinese or synonym terms', () => {
    const [short, medium, long] = analyzeQuery('tool teacher inclusivity');
    expect([short, medium, long].map((t) => (t ? typoBudget(t) : -1))).toEqual([0, 1, 2]);
    const [han] = analyzeQuery('教育学');
    expect(han && typoBudget(han)).toBe(0);
    expect(typoBudget({ kind: 'synonym', term: 'qsynai' })).toBe(0);
  });
});
