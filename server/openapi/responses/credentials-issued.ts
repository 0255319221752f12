import { z } from 'zod';
import { data, moduleDocs } from '../registry';
import { Dir, IsoDate, NO_INPUT } from './common';

const OpenBadgeCredential = z
  .looseObject({ '@context': z.array(z.unknown()), type: z.array(z.string()), id: z.string() })
  .meta({ description: 'Open Badges 3.0 credential (W3C Verifiable Credential), as signed' });
const Issued = {
  id: z.string(),
  definition: z.string().meta({ description: 'Slug of the credential definition' }),
  lang: z.string(),
  issuedAt: IsoDate,
  expiresAt: IsoDate.nullable(),
  status: z.enum(['active', 'revoked']),
  revokedAt: IsoDate.nullable().optional(),
  revocationReason: z.string().nullable().optional(),
  links: z.object({ json: z.string(), page: z.string(), verify: z.string() }),
  credential: OpenBadgeCredential,
  jwt: z.string().meta({ description: 'The same credential as a signed VC-JWT (EdDSA)' }),
};
const Mine = z.object({
  ...Issued,
  title: z.object({ value: z.string(), lang: z.string(), fallback: z.boolean(), dir: Dir }).nullable(),
});
const Jwk = z
  .object({ kty: z.string(), crv: z.string().optional(), x: z.string().optional() })
  .catchall(z.unknown());

/** Issued micro-credentials (Open Badges 3.0), verification, revocation, issuer keys. */
export const credentialsIssuedDocs = moduleDocs({
  tag: 'credentials-issued',
  description: 'Issued Open Badges 3.0 credentials: verify, revoke, certificate page and PDF, issuer keys',
  routes: {
    'GET /api/me/credentials': {
      id: 'listMyCredentials',
      summary: 'My issued credentials, titles in the reader’s language',
      responses: { 200: { description: 'Credentials', schema: data(z.array(Mine)) } },
    },
    'GET /api/credentials/revocation-list': {
      id: 'getRevocationList',
      summary: 'The 1EdTech revocation list every credential points to (not wrapped in `data`)',
      responses: {
        200: {
          description: 'Revoked credentials',
          schema: z.object({
            id: z.string(),
            revokedCredentials: z.array(
              z.object({
                id: z.string(),
                revocationReason: z.string().nullable(),
                revokedAt: IsoDate.nullable(),
              }),
            ),
          }),
        },
      },
    },
    'GET /api/credentials/issued/:id': {
      id: 'getIssuedCredential',
      summary: 'One issued credential (public, for verifiers)',
      responses: { 200: { description: 'The credential', schema: data(z.object(Issued)) } },
    },
    'POST /api/credentials/issued/:id/revocation': {
      id: 'revokeIssuedCredential',
      summary: 'Revoke an issued credential (staff; audited)',
      responses: { 200: { description: 'Revoked', schema: data(z.object(Issued)) } },
      errors: [409],
    },
    'POST /api/credentials/verify': {
      id: 'verifyCredential',
      summary: 'Verify a VC-JWT: signature, expiry and revocation',
      responses: {
        200: {
          description: 'The verdict, with a localized message',
          schema: data(
            z.object({
              verified: z.boolean(),
              reason: z.string().nullable(),
              message: z.string(),
              revocation: z.object({ revokedAt: IsoDate, reason: z.string().nullable() }).nullable(),
              credential: OpenBadgeCredential.nullable(),
            }),
          ),
        },
      },
      errors: [429],
    },
    'GET /.well-known/jwks.json': {
      id: 'getIssuerJwks',
      summary: 'The issuer’s public keys (JWKS)',
      request: NO_INPUT,
      responses: { 200: { description: 'JWKS', schema: z.object({ keys: z.array(Jwk) }) } },
    },
    'GET /.well-known/did.json': {
      id: 'getIssuerDidDocument',
      summary: 'The issuer’s did:web document',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'DID document',
          media: {
            'application/did+json': {
              schema: z.looseObject({
                id: z.string(),
                verificationMethod: z.array(z.looseObject({ id: z.string() })),
              }),
            },
          },
        },
      },
    },
    'GET /credentials/:id': {
      id: 'getCertificatePage',
      summary: 'The printable certificate page (HTML, in the credential’s language)',
      responses: { 200: { description: 'HTML page', media: { 'text/html': {} } } },
    },
    'GET /credentials/:id/pdf': {
      id: 'getCertificatePdf',
      summary: 'The certificate as PDF',
      responses: { 200: { description: 'PDF attachment', media: { 'application/pdf': {} } } },
      errors: [503],
    },
  },
});
