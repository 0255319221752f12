import { z } from 'zod';
import { ROLES } from '../../shared/auth';
import { isKnownLanguage } from '../../shared/i18n';
import { AUDIENCES, GENDERS } from '../../shared/vocabulary';
import { isCountryCode } from './countries';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, weakPasswordReason } from './password';

/** A new password: length and common-password rules, each with its own localized message. */
export const NewPassword = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .superRefine((value, ctx) => {
    const reason = weakPasswordReason(value);
    if (reason)
      ctx.addIssue({ code: 'custom', message: reason, params: { code: reason, min: MIN_PASSWORD_LENGTH } });
  });

const Email = z.email().max(254);
const Country = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, { params: { code: 'invalid_country' } });
const Language = z
  .string()
  .trim()
  .max(35)
  .refine(isKnownLanguage, { params: { code: 'invalid_language_tag' } });
// Any script is welcome; control characters and bidi overrides are not (they let a name
// disguise itself or reorder the text around it where it is shown).
const UNSAFE_NAME_CHARS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const DisplayName = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(100)
      .refine((s) => !UNSAFE_NAME_CHARS.test(s), { params: { code: 'invalid_characters' } }),
  );
const Organisation = z.string().trim().min(1).max(200);

export const RegisterBody = z.strictObject({
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
  country: Country,
  preferredLanguage: Language,
  audience: z.enum(AUDIENCES),
  gender: z.enum(GENDERS).optional(),
  organisation: Organisation.optional(),
});

/** Login checks only types: the rules of a new password do not apply to an existing one. */
export const LoginBody = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const ProfilePatchBody = z
  .strictObject({
    displayName: DisplayName.optional(),
    country: Country.optional(),
    preferredLanguage: Language.optional(),
    audience: z.enum(AUDIENCES).optional(),
    gender: z.enum(GENDERS).nullable().optional(),
    organisation: Organisation.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { params: { code: 'empty_patch' } });

export const TokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(ROLES)).min(1).max(ROLES.length).default(['learner']),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

export const IdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/) });

export const OneTimeTokenBody = z.strictObject({ token: z.string().min(1).max(200) });

export const ResetRequestBody = z.strictObject({ email: Email });

export const ResetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), password: NewPassword });

export const RolesBody = z.strictObject({
  grant: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  revoke: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
});

export const UsersQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const DeleteAccountBody = z.strictObject({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });
