import { type TFunction, textDirection } from '../../shared/i18n';
import { type PickedText, pickText } from '../../shared/localized';
import type { ContentBase, LocalizedMap } from './content.types';

/** The languages a reader asked for: `requested` first, then the negotiated UI `locale`. */
export interface ReaderLanguages {
  readonly requested: string;
  readonly locale: string;
  /** Translator for UI labels (vocabulary, durations) in the negotiated locale. */
  readonly t?: TFunction;
}

/** Where a field's value came from when it is not in the reader's language. */
export interface FieldFallback {
  readonly lang: string;
  readonly dir: 'rtl' | 'ltr';
}

/** The language facts every served item carries. */
export interface LocalizationInfo {
  /** The language the item (its title) is served in. */
  readonly lang: string;
  readonly dir: 'rtl' | 'ltr';
  /** Fields served in another language than asked, and in which. */
  readonly fallback: Readonly<Record<string, FieldFallback>>;
  /** True when some served text is a translation marked stale (outdated by a source edit). */
  readonly stale: boolean;
}

const base = (tag: string) => (tag.split('-')[0] ?? tag).toLowerCase();

/**
 * Picks translatable fields for one item, remembering fallbacks and stale translations. The
 * chain is pickText's (requested → base → source → en), trying the UI locale before the source
 * when the requested language is missing (e.g. `fr` asked, Arabic UI).
 */
export function createLocalizer(
  langs: ReaderLanguages,
  item: Pick<ContentBase, 'sourceLanguage' | 'translationStatus'>,
) {
  const fallback: Record<string, FieldFallback> = {};
  let stale = false;
  let primary: PickedText | undefined;
  const pick = (map: LocalizedMap | undefined) => {
    const first = pickText(map, langs.requested, item.sourceLanguage);
    if (!first?.fallback || langs.locale === langs.requested) return first;
    const second = pickText(map, langs.locale, item.sourceLanguage);
    return second && !second.fallback ? second : first;
  };
  return {
    /** The field's text in the best language, or null when it has none. */
    text(name: string, map: LocalizedMap | undefined): string | null {
      const picked = pick(map);
      if (!picked) return null;
      primary ??= picked;
      if (base(picked.lang) !== base(langs.requested))
        fallback[name] = { lang: picked.lang, dir: picked.dir };
      if (item.translationStatus[picked.lang] === 'stale') stale = true;
      return picked.value;
    },
    /** lang/dir (of the first field picked), fallbacks and the stale flag. */
    info(): LocalizationInfo {
      const lang = primary?.lang ?? item.sourceLanguage;
      return { lang, dir: textDirection(lang), fallback: { ...fallback }, stale };
    },
  };
}
