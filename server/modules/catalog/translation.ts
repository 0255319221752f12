import type { ContentBase, TranslationState } from './content.types';

type StatusMap = Record<string, TranslationState>;

/** Why a language needs a translator's attention, if it does. */
export type WorklistReason = 'missing' | 'draft' | 'stale';

/** The status map with the source language forced to `reviewed`. */
export function normalizeStatus(status: StatusMap, sourceLanguage: string): StatusMap {
  return { ...status, [sourceLanguage]: 'reviewed' };
}

/** After a source-language edit every other language is out of date. */
export function markOthersStale(status: StatusMap, sourceLanguage: string): StatusMap {
  const out: StatusMap = {};
  for (const lang of Object.keys(status)) out[lang] = lang === sourceLanguage ? 'reviewed' : 'stale';
  return normalizeStatus(out, sourceLanguage);
}

/** The source language and every reviewed translation (what `available=` filters on). */
export function reviewedLanguages(status: StatusMap, sourceLanguage: string): string[] {
  const langs = Object.keys(status).filter((l) => status[l] === 'reviewed');
  return [...new Set([sourceLanguage, ...langs])].sort();
}

/**
 * The next status map after texts changed: a changed source text makes the others stale; a
 * language getting its first text becomes a `draft` (unless `explicit` says otherwise).
 */
export function statusAfterEdit(
  item: Pick<ContentBase, 'translationStatus' | 'sourceLanguage'>,
  changed: { sourceChanged: boolean; touched: readonly string[] },
  explicit?: { lang: string; status: TranslationState },
): StatusMap {
  const source = item.sourceLanguage;
  let status = changed.sourceChanged
    ? markOthersStale(item.translationStatus, source)
    : { ...item.translationStatus };
  for (const lang of changed.touched) if (!status[lang]) status[lang] = 'draft';
  if (explicit && explicit.lang !== source) status = { ...status, [explicit.lang]: explicit.status };
  return normalizeStatus(status, source);
}

/**
 * A translator's view of one language: `missing` (never started or some texts absent), `draft`
 * or `stale`; undefined when reviewed and complete. `texts` lists the item's texts in order.
 */
export function worklistReason(
  status: StatusMap,
  sourceLanguage: string,
  lang: string,
  missingTexts: number,
): WorklistReason | undefined {
  if (lang === sourceLanguage) return undefined;
  const s = status[lang];
  if (s === 'stale') return 'stale';
  if (!s || missingTexts > 0) return s === 'draft' ? 'draft' : 'missing';
  return s === 'draft' ? 'draft' : undefined;
}

/** How many source texts have no counterpart in `lang` (texts are aligned by position). */
export function countMissing(
  source: readonly (string | undefined)[],
  target: readonly (string | undefined)[],
) {
  return source.filter((s, i) => s !== undefined && s !== '' && !target[i]).length;
}

/** True when any of the texts differ (positions aligned). */
export function textsDiffer(a: readonly (string | undefined)[], b: readonly (string | undefined)[]): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}
