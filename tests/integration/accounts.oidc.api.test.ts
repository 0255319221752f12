import type { Server } from 'node:http';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { createUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

/** A minimal OpenID provider on localhost: discovery, JWKS and a token endpoint (code → ID token). */
async function startProvider() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Record<string, unknown>>();
  let issuer = '';
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
  });
  app.get('/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  app.post('/token', async (req, res) => {
    const claims = codes.get(String(req.body.code));
    if (!claims) {
      res.status(400).json({ error: 'invalid_grant' });
      return;
    }
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('learning-hub')
      .setSubject(`sub-${String(claims.email)}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    res.json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { issuer, codes, close: () => new Promise((r) => server.close(r)) };
}

let ctx: TestContext;
let provider: Awaited<ReturnType<typeof startProvider>>;
beforeAll(async () => {
  provider = await startProvider();
  ctx = await createTestContext(__filename, {
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'learning-hub',
      OIDC_CLIENT_SECRET: 'test-secret',
      PUBLIC_URL: 'http://front.test',
    },
  });
});
afterAll(async () => {
  await ctx.close();
  await provider.close();
});

/** Starts a sign-in; returns the agent (holding the PKCE state in its session) and the redirect. */
async function startSignIn() {
  const agent = request.agent(ctx.app);
  const res = await agent.get('/api/auth/oidc/login').expect(302);
  return { agent, location: new URL(res.headers.location as string) };
}

describe('OpenID Connect single sign-on', () => {
  it('redirects to the provider with PKCE and signs in the account with the same verified email', async () => {
    const u = await createUser(ctx, { verified: false });
    const { agent, location } = await startSignIn();
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(location.searchParams.get('client_id')).toBe('learning-hub');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('redirect_uri')).toBe('http://front.test/api/auth/oidc/callback');
    provider.codes.set('good', { email: u.user.email.toUpperCase(), email_verified: true });

    const done = await agent.get('/api/auth/oidc/callback?code=good').expect(302);
    expect(done.headers.location).toBe('http://front.test/');
    const me = await agent.get('/api/me').expect(200);
    expect(me.body.data).toMatchObject({ id: u.user.id, emailVerified: true });
  });

  it.each([
    ['an unverified email', { email_verified: false }],
    ['an email without an account', { email: 'stranger@example.test', email_verified: true }],
  ])('refuses %s', async (_name, claims) => {
    const u = await createUser(ctx);
    const { agent } = await startSignIn();
    const code = `c-${Math.random()}`;
    provider.codes.set(code, { email: u.user.email, ...claims });
    const res = await agent.get(`/api/auth/oidc/callback?code=${code}`).expect(302);
    expect(res.headers.location).toBe('http://front.test/login?sso=failed');
    await agent.get('/api/me').expect(401);
  });

  it('refuses a callback without the state of a sign-in it started', async () => {
    provider.codes.set('stray', { email: 'x@example.test', email_verified: true });
    const res = await request(ctx.app).get('/api/auth/oidc/callback?code=stray').expect(302);
    expect(res.headers.location).toBe('http://front.test/login?sso=failed');
  });
});
