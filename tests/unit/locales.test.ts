import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ERROR_STATUS } from '../../server/shared/errors';
import { LOCALES_DIR, loadLocaleResources } from '../../server/shared/i18n';

const LANGUAGES = ['en', 'ar', 'ru', 'zh'];
type Tree = Record<string, unknown>;
const load = (lng: string, ns: string): Tree => loadLocaleResources(lng)[ns] ?? {};
const files = readdirSync(path.join(LOCALES_DIR, 'en')).sort();
const namespaces = Object.keys(loadLocaleResources('en')).sort();

/** Leaf keys with plural suffixes folded: `detail_one`, `detail_other` → `detail#plural`. */
function keys(tree: Tree, prefix = ''): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object') {
      for (const [kk, forms] of keys(v as Tree, `${prefix}${k}.`)) out.set(kk, forms);
      continue;
    }
    const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(k);
    const key = `${prefix}${m ? `${m[1]}#plural` : k}`;
    const forms = out.get(key) ?? new Set<string>();
    if (m?.[2]) forms.add(m[2]);
    out.set(key, forms);
  }
  return out;
}

describe('locales', () => {
  it('has every file in all four languages', () => {
    for (const lng of LANGUAGES) expect(readdirSync(path.join(LOCALES_DIR, lng)).sort()).toEqual(files);
  });

  it.each(namespaces)('namespace %s has the same keys in every language', (ns) => {
    const en = [...keys(load('en', ns)).keys()].sort();
    for (const lng of LANGUAGES) expect([...keys(load(lng, ns)).keys()].sort()).toEqual(en);
  });

  it.each(namespaces)('namespace %s has every plural form each language needs', (ns) => {
    for (const lng of LANGUAGES) {
      const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
      for (const [key, forms] of keys(load(lng, ns))) {
        if (!key.endsWith('#plural')) continue;
        for (const form of needed)
          expect(`${lng}:${ns}:${key}:${forms.has(form) ? form : 'missing'}`).toBe(
            `${lng}:${ns}:${key}:${form}`,
          );
      }
    }
  });

  it('has a title and detail for every error code in every language', () => {
    for (const lng of LANGUAGES) {
      const errors = load(lng, 'errors') as Record<string, Record<string, string>>;
      for (const code of Object.keys(ERROR_STATUS)) {
        const entry = errors[code] ?? {};
        expect(`${lng}:${code}:${typeof entry.title}`).toBe(`${lng}:${code}:string`);
        const hasDetail = 'detail' in entry || 'detail_other' in entry;
        expect(`${lng}:${code}:detail=${hasDetail}`).toBe(`${lng}:${code}:detail=true`);
      }
    }
  });
});
