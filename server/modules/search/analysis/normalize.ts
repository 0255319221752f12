/**
 * Script-level normalization shared by both engines, applied to documents and queries alike
 * so that spelling variants meet in the same index term.
 */

// Harakat (fathatan … sukun), superscript alef, Quranic marks, and tatweel.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ALEF_VARIANTS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ ٲ ٳ → ا
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic: drop diacritics and tatweel, unify alef/hamza seats, ى → ي, ة → ه, digits → ASCII. */
export function normalizeArabic(word: string): string {
  return word
    .replace(ARABIC_MARKS, '')
    .replace(ALEF_VARIANTS, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(ARABIC_INDIC_DIGITS, (d) => String((d.codePointAt(0) ?? 0) % 16));
}

// The definite article with the one-letter proclitics that attach before it (و ف ب ك ل).
const ARTICLE_PREFIXES = [
  '\u0648\u0627\u0644',
  '\u0641\u0627\u0644',
  '\u0628\u0627\u0644',
  '\u0643\u0627\u0644',
  '\u0644\u0644',
  '\u0627\u0644',
];
// Light suffix stripping (after Larkey's light10): plurals, duals, nisba and pronoun endings.
const SUFFIXES = [
  '\u0647\u0627',
  '\u0627\u0646',
  '\u0627\u062A',
  '\u0648\u0646',
  '\u064A\u0646',
  '\u064A\u0647',
  '\u0647',
  '\u064A',
];
const MIN_STEM = 3;

/**
 * Light Arabic stemming on a normalized word: strips ال (also وال فال بال كال لل) and one
 * common suffix, never leaving fewer than three letters. A bare و/ب/ل/ك is kept, because it
 * is as often a root letter (وزارة، بحث، لغة، كتاب) as a proclitic.
 */
export function stemArabic(word: string): string {
  let w = word;
  for (const p of ARTICLE_PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= 2) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= MIN_STEM) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  return w;
}

/** Cyrillic: lower case and ё → е (Russian texts use both spellings for the same word). */
export function normalizeCyrillic(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

/** Latin and others: lower case, strip combining accents (é → e), fold ß and ligatures. */
export function normalizeLatin(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
}

export type Script = 'arabic' | 'cyrillic' | 'han' | 'latin' | 'other';

/** The script a word is written in, judged by its first letter. */
export function scriptOf(word: string): Script {
  const m = /\p{L}/u.exec(word);
  if (!m) return 'other';
  const ch = m[0];
  if (/\p{Script=Arabic}/u.test(ch)) return 'arabic';
  if (/\p{Script=Cyrillic}/u.test(ch)) return 'cyrillic';
  if (/\p{Script=Han}/u.test(ch)) return 'han';
  if (/\p{Script=Latin}/u.test(ch)) return 'latin';
  return 'other';
}
