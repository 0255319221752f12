import { z } from 'zod';
import { COUNTRY_CODES } from '../accounts/countries';
import { LanguageTag, localizedText, PageQuery } from '../catalog/catalog.schemas';
import { GATHERING_KINDS, GATHERING_STATUSES } from './gathering.model';

const Id = z.string().min(1).max(64);
const Country = z
  .string()
  .length(2)
  .transform((c) => c.toUpperCase())
  .refine((c) => COUNTRY_CODES.has(c), { params: { code: 'invalid_country' } });

/** An IANA time zone name the runtime knows (e.g. `Asia/Almaty`). */
const TimeZone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { params: { code: 'invalid_time_zone' } },
  );

const Venue = z
  .strictObject({
    mode: z.enum(['online', 'onsite']),
    country: Country.nullable().default(null),
    city: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .refine((v) => v.mode === 'online' || v.country !== null, {
    path: ['country'],
    params: { code: 'required_onsite' },
  });

const Credit = z.strictObject({ course: z.string().min(1).max(200), lesson: z.string().min(1).max(200) });

const eventFields = {
  kind: z.enum(GATHERING_KINDS),
  title: localizedText(300),
  description: localizedText(20_000).optional(),
  seriesId: Id.nullable().optional(),
  /** An instant with its offset, e.g. `2026-03-10T15:00:00+05:00`. */
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  timeZone: TimeZone,
  durationMinutes: z.number().int().min(1).max(20_160),
  venue: Venue,
  language: LanguageTag,
  partners: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  status: z.enum(GATHERING_STATUSES).optional(),
  credit: Credit.nullable().optional(),
};

/** POST /api/events */
export const EventBody = z.strictObject(eventFields);
/** PATCH /api/events/:id — any subset of the fields. */
export const EventPatch = z
  .strictObject(eventFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { params: { code: 'empty_patch' } });

export const EventParams = z.strictObject({ id: Id });
export const RegistrantParams = z.strictObject({ id: Id, registrationId: z.string().min(1).max(100) });
export const ImportParams = z.strictObject({ id: Id, importId: z.string().regex(/^[0-9a-f]{64}$/) });

/** GET /api/events */
export const EventListQuery = z.strictObject({
  ...PageQuery,
  status: z.enum(GATHERING_STATUSES).optional(),
  series: Id.optional(),
  lang: z.string().optional(),
});

/** POST /api/event-series */
export const SeriesBody = z.strictObject({ title: localizedText(300), sourceLanguage: LanguageTag });

/** POST /api/events/:id/registrants — someone without an account. */
export const ExternalBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().pipe(z.email().max(254)),
  country: Country.nullable().optional(),
  role: z.string().trim().min(1).max(100).nullable().optional(),
});

/** GET /api/events/:id/registrations */
export const RegistrationsQuery = z.strictObject({
  ...PageQuery,
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.string().optional(),
});

/** The multipart fields of an attendance import: which header holds which field. */
export const MappingFields = z.strictObject({
  email: z.string().trim().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  joinTime: z.string().trim().min(1).max(200).optional(),
  leaveTime: z.string().trim().min(1).max(200).optional(),
  duration: z.string().trim().min(1).max(200).optional(),
});

/** GET /api/events/:id/attendance-imports/:importId — issues are paged. */
export const ReportQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
  lang: z.string().optional(),
});
