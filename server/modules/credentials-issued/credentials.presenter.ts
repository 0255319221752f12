import type { TFunction } from 'i18next';
import type { JWK } from 'jose';
import { pickText } from '../../shared/localized';
import type { CredentialDefinition } from '../catalog/credential.model';
import type { IssuedView, VerificationResult } from './credentials.service';
import type { IssuedCredential } from './issued-credential.repository';

const links = (publicUrl: string, id: string) => ({
  json: `${publicUrl}/api/credentials/issued/${id}`,
  page: `${publicUrl}/credentials/${id}`,
  verify: `${publicUrl}/api/credentials/verify`,
});

/** One issued credential: status, links, the OB 3.0 JSON and its signed VC-JWT form. */
export function presentIssued(view: IssuedView, publicUrl: string) {
  const { issued, credential } = view;
  return {
    id: issued.id,
    definition: issued.definitionSlug,
    lang: issued.lang,
    issuedAt: issued.issuedAt,
    expiresAt: issued.expiresAt,
    status: issued.revoked ? 'revoked' : 'active',
    revokedAt: issued.revokedAt,
    revocationReason: issued.revocationReason,
    links: links(publicUrl, issued.id),
    credential,
    jwt: issued.jwt,
  };
}

/** "My credentials": each with the definition's title in the reader's language. */
export function presentMine(
  view: IssuedView & { definition: CredentialDefinition | null },
  publicUrl: string,
  lang: string,
) {
  const def = view.definition;
  return {
    ...presentIssued(view, publicUrl),
    title: def ? (pickText(def.title, lang, def.sourceLanguage) ?? null) : null,
  };
}

/** A verification answer; a failure carries its code and a localized explanation. */
export function presentVerification(result: VerificationResult, t: TFunction) {
  return {
    verified: result.verified,
    reason: result.reason,
    message: t(`learning:verification.${result.reason ?? 'verified'}`),
    revocation: result.revocation,
    credential: result.credential,
  };
}

/** The 1EdTech revocation list referenced by every credential's credentialStatus. */
export function presentRevocationList(revoked: readonly IssuedCredential[], publicUrl: string) {
  return {
    id: `${publicUrl}/api/credentials/revocation-list`,
    revokedCredentials: revoked.map((r) => ({
      id: `urn:uuid:${r.id}`,
      revocationReason: r.revocationReason,
      revokedAt: r.revokedAt,
    })),
  };
}

/** The did:web document: every published key as an Ed25519 JsonWebKey verification method. */
export function presentDidDocument(did: string, keys: readonly JWK[]) {
  const methods = keys.map((k) => ({
    id: k.kid,
    type: 'JsonWebKey',
    controller: did,
    publicKeyJwk: publicPart(k),
  }));
  const ids = methods.map((m) => m.id);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: ids,
  };
}

function publicPart(k: JWK) {
  const { kty, crv, x } = k;
  return { kty, crv, x };
}
