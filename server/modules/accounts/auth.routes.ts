import { type RequestHandler, Router } from 'express';
import type passport from 'passport';
import type { Config } from '../../config';
import { requireActor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { AccountService } from './account.service';
import { presentMe } from './accounts.presenter';
import {
  LoginBody,
  OneTimeTokenBody,
  RegisterBody,
  ResetConfirmBody,
  ResetRequestBody,
} from './accounts.schemas';
import {
  destroySession,
  regenerateSession,
  runStrategy,
  SESSION_COOKIE,
  saveSession,
} from './authentication';
import type { AccountsMaintenance } from './maintenance';
import { oidcRouter } from './oidc.routes';
import type { RecoveryService } from './recovery.service';
import { newSecret } from './secrets';
import type { User, UserRepository } from './user.repository';

/** Per-route abuse limiters (see rate-limit.ts); empty lists in tools that need none. */
export interface AuthLimiters {
  readonly login: readonly RequestHandler[];
  readonly register: readonly RequestHandler[];
  readonly passwordReset: readonly RequestHandler[];
}

/** /api/auth — register, login, logout, session, email verification, password reset, SSO. */
export function authRouter(deps: {
  accounts: AccountService;
  recovery: RecoveryService;
  maintenance: AccountsMaintenance;
  users: UserRepository;
  clock: () => Date;
  config: Pick<Config, 'env' | 'oidc' | 'publicUrl'>;
  auth: passport.Authenticator;
  limiters: AuthLimiters;
}): Router {
  const { accounts } = deps;
  const router = Router();
  router.post(
    '/register',
    ...deps.limiters.register,
    handle({ body: RegisterBody }, async ({ body }, req, res) => {
      await accounts.register(body);
      sendData(res, { status: 'pending', message: req.t('accounts:register.accepted') }, { status: 202 });
    }),
  );
  router.post(
    '/login',
    ...deps.limiters.login,
    handle({ body: LoginBody }, async (_input, req, res) => {
      const user = await runStrategy<User>(deps.auth, 'local', req, res);
      if (!user) throw new AppError('invalid_credentials');
      await regenerateSession(req);
      req.session.userId = user.id;
      req.session.csrfToken = newSecret('');
      await saveSession(req);
      await deps.maintenance.maybeSweep();
      sendData(res, { user: presentMe(user), csrfToken: req.session.csrfToken });
    }),
  );
  router.post('/logout', async (req, res) => {
    await destroySession(req);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure });
    res.status(204).end();
  });
  router.get('/session', async (req, res) => {
    const actor = requireActor(req);
    const user = await accounts.getProfile(actor.userId);
    sendData(res, { user: presentMe(user), via: actor.via, csrfToken: req.session?.csrfToken ?? null });
  });
  router.post(
    '/verify-email',
    handle({ body: OneTimeTokenBody }, async ({ body }, _req, res) => {
      sendData(res, { user: presentMe(await accounts.verifyEmail(body.token)) });
    }),
  );
  router.post('/verify-email/resend', async (req, res) => {
    await accounts.resendVerification(requireActor(req).userId);
    res.status(202).end();
  });
  router.post(
    '/password-reset',
    ...deps.limiters.passwordReset,
    handle({ body: ResetRequestBody }, async ({ body }, req, res) => {
      await deps.recovery.requestReset(body.email);
      sendData(
        res,
        { status: 'pending', message: req.t('accounts:password_reset.requested') },
        { status: 202 },
      );
    }),
  );
  router.post(
    '/password-reset/confirm',
    handle({ body: ResetConfirmBody }, async ({ body }, req, res) => {
      await deps.recovery.confirmReset(body.token, body.password);
      sendData(res, { status: 'done', message: req.t('accounts:password_reset.done') });
    }),
  );
  router.use('/oidc', oidcRouter(deps));
  return router;
}
