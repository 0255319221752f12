import { Router } from 'express';
import * as client from 'openid-client';
import { Strategy as OidcStrategy, type VerifyFunction } from 'openid-client/passport';
import type passport from 'passport';
import type { Config } from '../../config';
import { AppError } from '../../shared/errors';
import { regenerateSession, runStrategy, saveSession } from './authentication';
import { newSecret, normalizeEmail } from './secrets';
import type { User, UserRepository } from './user.repository';

type OidcConfig = NonNullable<Config['oidc']>;

/**
 * Links a sign-in at the identity provider to the local account with the same email — only
 * when the provider says the email is verified. Unknown emails are not auto-registered: the
 * platform needs a country and audience, so the front end sends them to registration.
 */
export function linkByVerifiedEmail(users: UserRepository, clock: () => Date): VerifyFunction {
  return (tokens, verified) => {
    const claims = tokens.claims();
    const email = typeof claims?.email === 'string' ? normalizeEmail(claims.email) : undefined;
    if (!email || claims?.email_verified !== true) return verified(null, false, { message: 'unverified' });
    users.findByEmail(email).then(async (user) => {
      if (!user) return verified(null, false, { message: 'unlinked' });
      if (!user.emailVerifiedAt) await users.markEmailVerified(user.id, clock());
      verified(null, user);
    }, verified);
  };
}

/** Discovers the provider once (lazily, so startup does not depend on it) and registers `oidc`. */
function strategyLoader(
  auth: passport.Authenticator,
  oidc: OidcConfig,
  verify: VerifyFunction,
  dev: boolean,
) {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= (async () => {
      // Plain-http issuers are accepted outside production only (a local provider in development and tests).
      const insecure = dev && oidc.issuer.startsWith('http://');
      const config = await client.discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      auth.use(
        'oidc',
        new OidcStrategy(
          // sessionKey: the default (the issuer's host) has dots, which stored session objects cannot hold.
          {
            config,
            name: 'oidc',
            sessionKey: 'oidc',
            scope: 'openid email profile',
            callbackURL: oidc.redirectUri,
          },
          verify,
        ),
      );
    })().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return ready;
  };
}

/**
 * /api/auth/oidc — single sign-on (authorization code + PKCE through openid-client's passport
 * strategy). Without OIDC_ISSUER both routes answer 404.
 */
export function oidcRouter(deps: {
  auth: passport.Authenticator;
  users: UserRepository;
  clock: () => Date;
  config: Pick<Config, 'oidc' | 'publicUrl'> & { env?: Config['env'] };
}): Router {
  const router = Router();
  const { oidc, publicUrl } = deps.config;
  const load = oidc
    ? strategyLoader(
        deps.auth,
        oidc,
        linkByVerifiedEmail(deps.users, deps.clock),
        deps.config.env !== 'production',
      )
    : undefined;
  router.get('/login', async (req, res, next) => {
    if (!load) throw new AppError('route_not_found', { params: { method: req.method } });
    await load();
    deps.auth.authenticate('oidc', { session: false })(req, res, next);
  });
  router.get('/callback', async (req, res) => {
    if (!load) throw new AppError('route_not_found', { params: { method: req.method } });
    await load();
    const user = await runStrategy<User>(deps.auth, 'oidc', req, res);
    if (!user) return res.redirect(`${publicUrl}/login?sso=failed`);
    await regenerateSession(req);
    req.session.userId = user.id;
    req.session.csrfToken = newSecret('');
    await saveSession(req);
    res.redirect(`${publicUrl}/`);
  });
  return router;
}
