import { pickText } from '../../shared/localized';
import type { CredentialDefinition } from '../catalog/credential.model';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V3_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** Everything an OpenBadgeCredential is built from. */
export interface BadgeInput {
  readonly id: string;
  readonly definition: CredentialDefinition;
  readonly issuer: { readonly id: string; readonly name: string; readonly url: string | null };
  readonly publicUrl: string;
  /** The learner's language: the achievement is written in it (or the nearest available). */
  readonly lang: string;
  readonly recipientName: string;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
}

/** The OB 3.0 JSON of a credential (JSON object; types are the spec's, kept loose here). */
export type OpenBadgeCredential = Record<string, unknown> & { id: string; validFrom: string };

/** Where a credential definition's achievement lives (the catalog's public page). */
export function achievementId(publicUrl: string, slug: string): string {
  return `${publicUrl}/api/credentials/${encodeURIComponent(slug)}`;
}

/**
 * Builds an Open Badges 3.0 `OpenBadgeCredential` (VC Data Model 2.0): issuer Profile,
 * AchievementSubject identified by the learner's name (not hashed: it is printed on the
 * certificate anyway), the Achievement in the learner's language with `inLanguage` and the other
 * language versions linked as `related`, and a 1EdTech revocation list as credentialStatus.
 */
export function buildOpenBadge(input: BadgeInput): OpenBadgeCredential {
  const { definition: def, lang, publicUrl } = input;
  const pick = (field: Record<string, string>) => pickText(field, lang, def.sourceLanguage);
  const name = pick(def.title);
  const chosen = name?.lang ?? def.sourceLanguage;
  const achievement = achievementId(publicUrl, def.slug);
  const others = Object.keys(def.title).filter((l) => l !== chosen && def.title[l]);
  const issuer = {
    id: input.issuer.id,
    type: ['Profile'],
    name: input.issuer.name,
    ...(input.issuer.url ? { url: input.issuer.url } : {}),
  };
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: name?.value ?? def.slug,
    issuer,
    validFrom: input.validFrom.toISOString(),
    ...(input.validUntil ? { validUntil: input.validUntil.toISOString() } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityHash: input.recipientName, identityType: 'name', hashed: false },
      ],
      achievement: {
        id: `${achievement}?lang=${encodeURIComponent(chosen)}`,
        type: ['Achievement'],
        achievementType: 'MicroCredential',
        name: name?.value ?? def.slug,
        description: pick(def.description)?.value ?? '',
        criteria: { id: achievement, narrative: pick(def.criteria)?.value ?? '' },
        inLanguage: chosen,
        creator: issuer,
        related: others.map((l) => ({
          id: `${achievement}?lang=${encodeURIComponent(l)}`,
          type: ['Related'],
          inLanguage: l,
        })),
      },
    },
    credentialStatus: { id: `${publicUrl}/api/credentials/revocation-list`, type: '1EdTechRevocationList' },
    credentialSchema: [{ id: OB_V3_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}
