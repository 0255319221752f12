import type { LocalizedMap } from './content.types';

/** Merges a per-language patch into a map; `null` removes that language. */
export function mergeLocalized(
  current: LocalizedMap,
  patch: Readonly<Record<string, string | null>> | undefined,
): LocalizedMap {
  if (!patch) return current;
  const out: LocalizedMap = { ...current };
  for (const [lang, value] of Object.entries(patch)) {
    if (value === null) delete out[lang];
    else out[lang] = value;
  }
  return out;
}

/** The languages a patch touches with a value (not removals). */
export function touchedLanguages(...patches: (Readonly<Record<string, unknown>> | undefined)[]): string[] {
  const langs = new Set<string>();
  for (const p of patches) for (const [k, v] of Object.entries(p ?? {})) if (v !== null) langs.add(k);
  return [...langs];
}

/** Languages with a non-empty value, sorted. */
export function languagesOf(map: LocalizedMap | undefined): string[] {
  return Object.keys(map ?? {})
    .filter((k) => !!map?.[k])
    .sort();
}
