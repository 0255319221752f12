import { decodeJwt } from 'jose';
import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit.repository';
import type { CredentialDefinition } from '../catalog/credential.model';
import type { LearningCatalog } from '../enrolment/catalog.reader';
import { checkCredentialJwt, type VerificationFailure } from './credential-jwt';
import type { IssuedCredential, IssuedCredentialRepository } from './issued-credential.repository';
import type { IssuerKeys } from './issuer-keys';
import type { OpenBadgeCredential } from './open-badge';

export interface CredentialsDeps {
  readonly issued: IssuedCredentialRepository;
  readonly catalog: LearningCatalog;
  readonly keys: IssuerKeys;
  readonly audit: AuditLog;
  readonly publicUrl: string;
  readonly clock: () => Date;
}

/** An issued credential with its decoded OB 3.0 JSON. */
export interface IssuedView {
  readonly issued: IssuedCredential;
  readonly credential: OpenBadgeCredential;
}

/** The answer of POST /api/credentials/verify. */
export interface VerificationResult {
  readonly verified: boolean;
  readonly reason: VerificationFailure | null;
  readonly credential: OpenBadgeCredential | null;
  readonly revocation: { readonly revokedAt: Date; readonly reason: string | null } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reading, verifying and revoking issued credentials; publishing the issuer's keys. */
export function createCredentialsService(deps: CredentialsDeps) {
  const view = (issued: IssuedCredential): IssuedView => ({
    issued,
    credential: decodeJwt(issued.jwt) as OpenBadgeCredential,
  });
  const find = async (id: string) => {
    const issued = UUID.test(id) ? await deps.issued.findById(id.toLowerCase()) : null;
    if (!issued) throw new AppError('credential_not_found');
    return issued;
  };
  return {
    /** The public base URL links in responses are built on. */
    publicUrl: deps.publicUrl,

    /** The actor's credentials, newest first, with their definitions. */
    async listMine(actor: Actor): Promise<(IssuedView & { definition: CredentialDefinition | null })[]> {
      const mine = await deps.issued.listByUser(actor.userId);
      return Promise.all(
        mine.map(async (i) => ({
          ...view(i),
          definition: await deps.catalog.findDefinition(i.definitionSlug),
        })),
      );
    },

    /** One credential by id (public: holders share the link). */
    async get(id: string): Promise<IssuedView> {
      return view(await find(id));
    },

    /** Checks signature (published keys), issuer, validity period and revocation, and says why not. */
    async verify(jwt: string): Promise<VerificationResult> {
      const keys = await deps.keys.publicJwks();
      const check = await checkCredentialJwt(jwt, keys, deps.keys.identity.did, deps.clock());
      if (!check.ok)
        return {
          verified: false,
          reason: check.reason,
          credential: check.credential ?? null,
          revocation: null,
        };
      const id = String(check.credential.id).replace(/^urn:uuid:/, '');
      const issued = UUID.test(id) ? await deps.issued.findById(id.toLowerCase()) : null;
      if (!issued)
        return {
          verified: false,
          reason: 'unknown_credential',
          credential: check.credential,
          revocation: null,
        };
      if (issued.revoked && issued.revokedAt) {
        const revocation = { revokedAt: issued.revokedAt, reason: issued.revocationReason };
        return { verified: false, reason: 'revoked', credential: check.credential, revocation };
      }
      return { verified: true, reason: null, credential: check.credential, revocation: null };
    },

    /** Revokes a credential (staff), with a reason kept in the audit log. */
    async revoke(actor: Actor, id: string, reason: string, requestId: string): Promise<IssuedView> {
      const issued = await find(id);
      const revoked = await deps.issued.revoke(issued.id, reason, actor.userId, deps.clock());
      if (!revoked) throw new AppError('credential_already_revoked');
      await deps.audit.append({
        actorId: actor.userId,
        action: 'credential.revoked',
        targetType: 'issued_credential',
        targetId: issued.id,
        details: { definition: issued.definitionSlug },
        requestId,
      });
      return view(revoked);
    },

    /** The revoked credentials, for the 1EdTechRevocationList credentialStatus. */
    async revocationList() {
      return deps.issued.listRevoked();
    },

    /** The issuer's public keys (JWKS) and identity (did:web). */
    async publicKeys() {
      return { keys: await deps.keys.publicJwks(), did: deps.keys.identity.did };
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
