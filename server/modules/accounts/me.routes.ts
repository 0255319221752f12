import { Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { AccountService } from './account.service';
import { presentMe, presentToken } from './accounts.presenter';
import { DeleteAccountBody, IdParams, ProfilePatchBody, TokenBody } from './accounts.schemas';
import type { ApiTokenService } from './api-token.service';
import { destroySession, SESSION_COOKIE } from './authentication';
import type { PrivacyService } from './privacy.service';

/** /api/me — the signed-in user's profile, personal API tokens and privacy rights. */
export function meRouter(deps: {
  accounts: AccountService;
  tokens: ApiTokenService;
  privacy: PrivacyService;
}): Router {
  const { accounts, tokens } = deps;
  const router = Router();
  router.get('/', async (req, res) => {
    sendData(res, presentMe(await accounts.getProfile(requireActor(req).userId)));
  });
  router.patch(
    '/',
    handle({ body: ProfilePatchBody }, async ({ body }, req, res) => {
      sendData(res, presentMe(await accounts.updateProfile(requireActor(req).userId, body)));
    }),
  );
  router.get('/export', async (req, res) => {
    const data = await deps.privacy.exportFor(requireActor(req).userId);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="learning-hub-export.json"');
    sendData(res, data);
  });
  router.delete(
    '/',
    handle({ body: DeleteAccountBody }, async ({ body }, req, res) => {
      await deps.privacy.deleteAccount(
        { actor: requireActor(req), requestId: String(req.id) },
        body.password,
      );
      await destroySession(req);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure });
      res.status(204).end();
    }),
  );
  router.get('/tokens', async (req, res) => {
    sendData(res, (await tokens.list(requireActor(req).userId)).map(presentToken));
  });
  router.post(
    '/tokens',
    handle({ body: TokenBody }, async ({ body }, req, res) => {
      const { token, secret } = await tokens.create(
        { actor: requireActor(req), requestId: String(req.id) },
        body,
      );
      res.setHeader('Cache-Control', 'no-store');
      sendData(res, { ...presentToken(token), token: secret }, { status: 201 });
    }),
  );
  router.delete(
    '/tokens/:id',
    handle({ params: IdParams }, async ({ params }, req, res) => {
      await tokens.revoke({ actor: requireActor(req), requestId: String(req.id) }, params.id);
      res.status(204).end();
    }),
  );
  return router;
}
