import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { OpenBadgeCredential } from './open-badge';

/** Why a credential failed verification (stable codes, localized in learning.json). */
export type VerificationFailure =
  | 'malformed'
  | 'unknown_key'
  | 'signature_invalid'
  | 'issuer_mismatch'
  | 'not_yet_valid'
  | 'expired'
  | 'not_open_badge'
  | 'unknown_credential'
  | 'revoked';

/**
 * Signs a credential as a VC-JWT (Open Badges 3.0 §8.2): the credential's members are the JWT
 * claims, with `iss`, `jti`, `nbf` (and `exp` when it expires) mirrored as registered claims.
 */
export async function signCredential(
  credential: OpenBadgeCredential,
  key: { kid: string; privateKey: Parameters<SignJWT['sign']>[0] },
  issuerId: string,
): Promise<string> {
  const jwt = new SignJWT({ ...credential })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(issuerId)
    .setJti(credential.id)
    .setNotBefore(new Date(credential.validFrom));
  if (typeof credential.validUntil === 'string') jwt.setExpirationTime(new Date(credential.validUntil));
  return jwt.sign(key.privateKey);
}

/** The outcome of checking a VC-JWT's signature, issuer and validity period (not revocation). */
export type JwtCheck =
  | { ok: true; credential: OpenBadgeCredential }
  | { ok: false; reason: VerificationFailure; credential?: OpenBadgeCredential };

/** Verifies signature (against the published keys), issuer and dates of a VC-JWT. */
export async function checkCredentialJwt(
  jwt: string,
  keys: readonly JWK[],
  issuerId: string,
  now: Date,
): Promise<JwtCheck> {
  let claims: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
    if (header.alg !== 'EdDSA') return { ok: false, reason: 'malformed' };
    if (!keys.some((k) => k.kid === header.kid)) return { ok: false, reason: 'unknown_key' };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const decoded = claims as OpenBadgeCredential;
  try {
    await jwtVerify(jwt, createLocalJWKSet({ keys: [...keys] }), {
      algorithms: ['EdDSA'],
      issuer: issuerId,
      currentDate: now,
    });
  } catch (err) {
    return { ok: false, reason: failureOf(err), credential: decoded };
  }
  const types = Array.isArray(decoded.type) ? decoded.type : [];
  const issuer = (decoded.issuer as { id?: unknown } | undefined)?.id;
  if (!types.includes('OpenBadgeCredential') || decoded.jti !== decoded.id)
    return { ok: false, reason: 'not_open_badge', credential: decoded };
  if (issuer !== issuerId) return { ok: false, reason: 'issuer_mismatch', credential: decoded };
  return { ok: true, credential: decoded };
}

function failureOf(err: unknown): VerificationFailure {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.claim === 'nbf' ? 'not_yet_valid' : err.claim === 'iss' ? 'issuer_mismatch' : 'malformed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature_invalid';
  if (err instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  return 'malformed';
}
