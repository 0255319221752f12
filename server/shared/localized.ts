import { textDirection } from './i18n';

/** A translatable field: one string per BCP 47 tag, e.g. `{ en: 'Title', ar: 'العنوان' }`. */
export type LocalizedText = Readonly<Record<string, string>>;

/** The value chosen for one field, and whether (and into which language) it fell back. */
export interface PickedText {
  readonly value: string;
  readonly lang: string;
  readonly fallback: boolean;
  readonly dir: 'rtl' | 'ltr';
}

/**
 * Picks a field's value for `requested`: the tag itself → its base language (`zh-Hans` → `zh`)
 * → the item's source language → `en` → any language present. Returns undefined when empty.
 */
export function pickText(
  field: LocalizedText | undefined,
  requested: string,
  sourceLanguage: string,
  last = 'en',
): PickedText | undefined {
  if (!field) return undefined;
  const available = Object.keys(field).filter((k) => field[k] !== undefined && field[k] !== '');
  const find = (tag: string) => available.find((k) => k.toLowerCase() === tag.toLowerCase());
  const base = requested.split('-')[0] ?? requested;
  const chosen = find(requested) ?? find(base) ?? find(sourceLanguage) ?? find(last) ?? available.sort()[0];
  if (chosen === undefined) return undefined;
  const lang = chosen;
  return {
    value: field[chosen] as string,
    lang,
    fallback: lang.toLowerCase() !== requested.toLowerCase() && lang.toLowerCase() !== base.toLowerCase(),
    dir: textDirection(lang),
  };
}
