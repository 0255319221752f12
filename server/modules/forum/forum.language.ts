import { textDirection } from '../../shared/i18n';

// Scripts that identify one of our languages well enough for rendering direction and search
// analysis. Latin and other scripts fall back to the author's hint (category or locale): a
// statistical detector would guess wrong on short posts, and an explicit `lang` always wins.
const SCRIPTS: readonly [RegExp, string][] = [
  [/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu, 'ar'],
  [/[\u0590-\u05FF]/gu, 'he'],
  [/[\u0400-\u04FF]/gu, 'ru'],
  [/[\u4E00-\u9FFF\u3400-\u4DBF]/gu, 'zh'],
  [/[\u3040-\u30FF]/gu, 'ja'],
  [/[\uAC00-\uD7AF]/gu, 'ko'],
  [/\p{Script=Latin}/gu, 'latin'],
];

/**
 * The language of `text` by its dominant script (ar, he, ru, zh, ja, ko); Latin text or text
 * without letters takes `hint`. Japanese kana beats Han (Japanese mixes both).
 */
export function detectLanguage(text: string, hint: string): string {
  const counts = SCRIPTS.map(([re, lang]) => [lang, text.match(re)?.length ?? 0] as const);
  const kana = counts.find(([l]) => l === 'ja')?.[1] ?? 0;
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] === 0) return hint;
  if (best[0] === 'zh' && kana > 0) return 'ja';
  if (best[0] === 'latin') return latinHint(hint);
  return best[0];
}

function latinHint(hint: string): string {
  const base = hint.split('-')[0] ?? hint;
  return ['ar', 'he', 'ru', 'zh', 'ja', 'ko', 'fa', 'ur'].includes(base) ? 'en' : hint;
}

/** The language and direction of a post: the author's tag when given, else detected. */
export function postLanguage(text: string, given: string | undefined, hint: string) {
  const lang = given ?? detectLanguage(text, hint);
  return { lang, dir: textDirection(lang) };
}
