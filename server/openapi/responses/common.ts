import { z } from 'zod';

/** Pieces several modules' response schemas share. */
export const Dir = z.enum(['ltr', 'rtl']);
/** Dates are sent as ISO 8601 strings in UTC (Date#toISOString). */
export const IsoDate = z.iso.datetime();
export const Id = z.string().min(1);
/** `{ key, label }`: a stable key and its label in the reader's language. */
export const Labelled = z.object({ key: z.string(), label: z.string() });
/** Which language a piece of content was served in and whether it fell back. */
export const Served = { lang: z.string(), dir: Dir };
export const NO_INPUT = {} as const;
/** A localized text as served: the value, its language, whether it fell back, and direction. */
export const Picked = z.object({ value: z.string(), lang: z.string(), fallback: z.boolean(), dir: Dir });
