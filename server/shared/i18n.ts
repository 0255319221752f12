import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { PROJECT_ROOT } from './paths';

/** Folder holding locales/<lng>/<namespace>.json. */
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg']);
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

/** Text direction of a BCP 47 tag: `rtl` for Arabic, Hebrew, Persian … and RTL scripts. */
export function textDirection(tag: string): 'rtl' | 'ltr' {
  const [lang = '', ...subtags] = tag.toLowerCase().split('-');
  if (subtags.some((s) => s.length === 4 && RTL_SCRIPTS.has(s))) return 'rtl';
  if (subtags.some((s) => s === 'latn' || s === 'cyrl')) return 'ltr';
  return RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
}

const TAG_CACHE = new Map<string, boolean>();
const TAG_CACHE_MAX = 2000;

/** True when `tag` is a syntactically valid BCP 47 language tag (as far as we need). */
export function isLanguageTag(tag: string): boolean {
  // Runs for every Accept-Language entry of every request; ICU canonicalization is the costly part.
  const cached = TAG_CACHE.get(tag);
  if (cached !== undefined) return cached;
  const valid = checkLanguageTag(tag);
  if (TAG_CACHE.size >= TAG_CACHE_MAX) TAG_CACHE.clear();
  TAG_CACHE.set(tag, valid);
  return valid;
}

function checkLanguageTag(tag: string): boolean {
  if (!LANGUAGE_TAG.test(tag) || tag.length > 35) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** True when `tag` is well-formed and names a language ICU knows (`xx`, `qqq` are not). */
export function isKnownLanguage(tag: string): boolean {
  if (!isLanguageTag(tag)) return false;
  const base = tag.split('-')[0] ?? tag;
  try {
    return LANGUAGE_NAMES.of(base) !== undefined;
  } catch {
    return false;
  }
}

/** Parses an Accept-Language header into tags ordered by q-value (stable for equal q). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.tag !== '' && e.tag !== '*' && e.q > 0 && isLanguageTag(e.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/**
 * Maps a tag onto a supported locale: exact match first, then the base language
 * (`zh-CN`, `zh-Hans` → `zh`; `ar-EG` → `ar`). Returns undefined when nothing fits.
 */
export function matchSupported(tag: string, supported: readonly string[]): string | undefined {
  const lower = tag.toLowerCase();
  const exact = supported.find((s) => s.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split('-')[0];
  return supported.find((s) => s.toLowerCase() === base);
}

export interface LocaleInput {
  /** The explicit `?lang=` parameter, if any. */
  readonly query?: string | undefined;
  /** The signed-in user's preferred language, if any. */
  readonly profile?: string | undefined;
  readonly acceptLanguage?: string | undefined;
}

export interface NegotiatedLocale {
  /** The supported locale used for messages and as the first choice for content. */
  readonly locale: string;
  /** What the client asked for first (may be unsupported, e.g. `fr`), else the locale. */
  readonly requested: string;
  readonly dir: 'rtl' | 'ltr';
}

/** Negotiates the locale: `?lang=` → profile → Accept-Language (q-values) → default. */
export function negotiateLocale(
  input: LocaleInput,
  supported: readonly string[],
  fallback: string,
): NegotiatedLocale {
  const candidates = [input.query, input.profile, ...parseAcceptLanguage(input.acceptLanguage)]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .filter(isLanguageTag);
  let locale = fallback;
  for (const tag of candidates) {
    const match = matchSupported(tag, supported);
    if (match) {
      locale = match;
      break;
    }
  }
  const requested = candidates[0] ?? locale;
  return { locale, requested, dir: textDirection(locale) };
}

/**
 * Reads locales/<lng>/*.json into namespaces. A file named `<ns>.<part>.json` (e.g.
 * `errors.accounts.json`) is merged into namespace `<ns>`, so each module keeps its own file.
 */
export function loadLocaleResources(lng: string): Record<string, Record<string, unknown>> {
  const dir = path.join(LOCALES_DIR, lng);
  const namespaces: Record<string, Record<string, unknown>> = {};
  for (const file of safeReaddir(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const ns = file.split('.')[0] ?? file;
    const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    const target = namespaces[ns] ?? {};
    namespaces[ns] = target;
    for (const [key, value] of Object.entries(data)) {
      if (key in target) throw new Error(`locales/${lng}/${file}: key "${key}" is already defined in ${ns}`);
      target[key] = value;
    }
  }
  return namespaces;
}

/** Loads every language's resources into a fresh i18next instance. */
export async function createI18n(supported: readonly string[], fallback: string): Promise<I18n> {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lng of supported) {
    resources[lng] = loadLocaleResources(lng);
    for (const ns of Object.keys(resources[lng])) namespaces.add(ns);
  }
  const instance = i18next.createInstance();
  await instance.init({
    resources: resources as never,
    supportedLngs: [...supported],
    fallbackLng: fallback,
    ns: [...namespaces],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as never);
  return instance;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export type { TFunction };
