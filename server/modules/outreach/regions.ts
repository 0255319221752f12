import { readFileSync } from 'node:fs';
import path from 'node:path';
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../shared/paths';

const RegionsFile = z.object({
  unescoRegions: z.record(z.string(), z.array(z.string().regex(/^[A-Z]{2}$/))),
  focusGroupings: z.record(z.string(), z.array(z.string().regex(/^[A-Z]{2}$/))),
});

/** Country → UNESCO region and focus groupings, loaded from content/regions.json. */
export interface Regions {
  /** Every grouping key: the UNESCO regions first, then the focus groupings. */
  readonly keys: readonly string[];
  /** The groupings a country belongs to (its UNESCO region, then any focus groupings). */
  groupingsOf(country: string | null): readonly string[];
  /** The countries in a grouping (empty for an unknown key). */
  membersOf(grouping: string): readonly string[];
}

/** Parses the regions file (default content/regions.json) into lookups. */
export function loadRegions(file = path.join(PROJECT_ROOT, 'content', 'regions.json')): Regions {
  const data = RegionsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const all = { ...data.unescoRegions, ...data.focusGroupings };
  const byCountry = new Map<string, string[]>();
  for (const [key, members] of Object.entries(all)) {
    for (const c of members) byCountry.set(c, [...(byCountry.get(c) ?? []), key]);
  }
  return {
    keys: Object.keys(all),
    groupingsOf: (country) => (country ? (byCountry.get(country) ?? []) : []),
    membersOf: (grouping) => (Object.hasOwn(all, grouping) ? (all[grouping] ?? []) : []),
  };
}

const COUNTRY_LOCALES = ['en', 'ar', 'ru', 'zh'] as const;
for (const lng of COUNTRY_LOCALES) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${lng}.json`));
}

/** The country's name in `locale` (base language; English when the package lacks it). */
export function countryName(code: string, locale: string): string {
  const base = locale.split('-')[0] ?? 'en';
  const lng = (COUNTRY_LOCALES as readonly string[]).includes(base) ? base : 'en';
  return countries.getName(code, lng) ?? countries.getName(code, 'en') ?? code;
}

/** True for an ISO 3166-1 alpha-2 code the package knows. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}
