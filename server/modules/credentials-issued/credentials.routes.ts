import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import {
  presentDidDocument,
  presentIssued,
  presentMine,
  presentRevocationList,
  presentVerification,
} from './credentials.presenter';
import { IssuedParams, LangQuery, RevokeBody, VerifyBody } from './credentials.schemas';
import type { CredentialsService } from './credentials.service';

/** Issued credentials, verification and revocation (mounted at /api). */
export function credentialsRouter(service: CredentialsService): Router {
  const router = Router();
  const { publicUrl } = service;

  router.get(
    '/me/credentials',
    handle({ query: LangQuery }, async (_input, req, res) => {
      const mine = await service.listMine(requireActor(req));
      sendData(
        res,
        mine.map((m) => presentMine(m, publicUrl, req.locale.locale)),
      );
    }),
  );

  router.get(
    '/credentials/revocation-list',
    handle({}, async (_input, _req, res) => {
      res.json(presentRevocationList(await service.revocationList(), publicUrl));
    }),
  );

  router.get(
    '/credentials/issued/:id',
    handle({ params: IssuedParams }, async ({ params }, _req, res) => {
      sendData(res, presentIssued(await service.get(params.id), publicUrl));
    }),
  );

  router.post(
    '/credentials/issued/:id/revocation',
    handle({ params: IssuedParams, body: RevokeBody }, async ({ params, body }, req, res) => {
      const revoked = await service.revoke(requireActor(req), params.id, body.reason, String(req.id ?? ''));
      sendData(res, presentIssued(revoked, publicUrl));
    }),
  );

  router.post(
    '/credentials/verify',
    handle({ body: VerifyBody }, async ({ body }, req, res) => {
      sendData(res, presentVerification(await service.verify(body.jwt), req.t));
    }),
  );

  return router;
}

/** The issuer's public keys: JWKS and the did:web document (mounted at /.well-known). */
export function wellKnownRouter(service: CredentialsService): Router {
  const router = Router();
  router.get('/jwks.json', async (_req, res) => {
    const { keys } = await service.publicKeys();
    res.set('Cache-Control', 'public, max-age=300').json({ keys });
  });
  router.get('/did.json', async (_req, res) => {
    const { keys, did } = await service.publicKeys();
    res
      .set('Cache-Control', 'public, max-age=300')
      .type('application/did+json')
      .json(presentDidDocument(did, keys));
  });
  return router;
}
