import request from 'supertest';
import { SESSIONS_COLLECTION } from '../../server/modules/accounts/authentication';
import { OUTBOX_COLLECTION } from '../../server/modules/accounts/mailer';
import { hashSecret } from '../../server/modules/accounts/secrets';
import { createUser, loginAgent } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const PROBLEM = /^application\/problem\+json/;
let seq = 0;
const uniqueEmail = () => `reg-${Date.now().toString(36)}-${seq++}@Example.TEST`;
const registration = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail(),
  password: 'correct horse battery',
  displayName: 'Алия Нурланова',
  country: 'kz',
  preferredLanguage: 'ru',
  audience: 'teacher',
  ...overrides,
});
const outbox = (to: string) =>
  ctx.db.collection(OUTBOX_COLLECTION).find({ to }).sort({ createdAt: 1 }).toArray();

describe('POST /api/auth/register', () => {
  it('creates the account with a scrypt hash, normalized email and a localized verification mail', async () => {
    const body = registration({ displayName: 'فاطمة الزهراء', preferredLanguage: 'ar', country: 'EG' });
    const res = await request(ctx.app).post('/api/auth/register').send(body).expect(202);
    expect(res.body.data.status).toBe('pending');
    const email = body.email.toLowerCase();
    const stored = await ctx.db.collection('users').findOne({ email });
    expect(stored).toMatchObject({
      displayName: 'فاطمة الزهراء',
      country: 'EG',
      roles: ['learner'],
      emailVerifiedAt: null,
    });
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain(body.password);
    const [mail] = await outbox(email);
    expect(mail).toMatchObject({ kind: 'verify-email', lang: 'ar', subject: 'أكِّد عنوان بريدك الإلكتروني' });
    expect(mail?.text).toContain('فاطمة الزهراء');
  });

  it('answers a duplicate email exactly like a success and mails the owner instead', async () => {
    const body = registration();
    const first = await request(ctx.app).post('/api/auth/register').send(body).expect(202);
    const second = await request(ctx.app)
      .post('/api/auth/register')
      .send({ ...body, email: body.email.toUpperCase(), displayName: 'Someone else' })
      .expect(202);
    expect(second.body).toEqual(first.body);
    expect(await ctx.db.collection('users').countDocuments({ email: body.email.toLowerCase() })).toBe(1);
    const mails = await outbox(body.email.toLowerCase());
    expect(mails.map((m) => m.kind)).toEqual(['verify-email', 'account-exists']);
    expect(mails[1]).toMatchObject({ lang: 'ru', subject: 'У вас уже есть учётная запись Learning Hub' });
  });

  it.each([
    ['short', 'short1', 'password_too_short', 'Пароль должен содержать не менее 10 символов.'],
    ['common', 'Password123', 'password_too_common', 'Этот пароль слишком распространён'],
    ['sequence', '0123456789', 'password_too_common', 'Этот пароль слишком распространён'],
  ])('rejects a %s password with the rule in the user language', async (_name, password, code, message) => {
    const res = await request(ctx.app)
      .post('/api/auth/register')
      .set('Accept-Language', 'ru')
      .send(registration({ password }))
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/password', code })]);
    expect(res.body.errors[0].message).toContain(message);
  });

  it('rejects an invalid email, country and language, listing every problem', async () => {
    const res = await request(ctx.app)
      .post('/api/auth/register')
      .send(
        registration({
          email: 'not-an-email',
          country: 'XX',
          preferredLanguage: 'qq-zz',
          audience: 'pirate',
        }),
      )
      .expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/body/audience', '/body/country', '/body/email', '/body/preferredLanguage']);
    expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '/body/country').code).toBe(
      'invalid_country',
    );
  });

  it('accepts names in any script but not control or bidi-override characters', async () => {
    await request(ctx.app)
      .post('/api/auth/register')
      .send(registration({ displayName: '  张伟 Zhang  ' }))
      .expect(202);
    const res = await request(ctx.app)
      .post('/api/auth/register')
      .set('Accept-Language', 'ar')
      .send(registration({ displayName: 'admin\u202Egnp.exe' }))
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/body/displayName', code: 'invalid_characters' });
    expect(res.body.errors[0].message).toContain('أحرف');
  });

  it('rejects NoSQL operators with 400 before any query', async () => {
    await request(ctx.app)
      .post('/api/auth/register')
      .send(registration({ email: { $gt: '' } }))
      .expect(400);
    const res = await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: { $gt: '' }, password: 'x' })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/body/email', code: 'invalid_type' });
  });
});

describe('login, session and logout', () => {
  it('signs in with a fresh HttpOnly SameSite=Lax session stored in MongoDB', async () => {
    const u = await createUser(ctx);
    const agent = request.agent(ctx.app);
    const res = await agent
      .post('/api/auth/login')
      .send({ email: u.user.email.toUpperCase(), password: u.password })
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^lh\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.body.data.user).toMatchObject({ id: u.user.id, roles: ['learner'] });
    const sid = /^s:([^.]+)/.exec(decodeURIComponent(/lh\.sid=([^;]+)/.exec(cookie)?.[1] ?? ''))?.[1];
    const stored = await ctx.db.collection(SESSIONS_COLLECTION).findOne({ _id: sid as never });
    expect(stored?.session).toMatchObject({ userId: u.user.id });
    expect(stored?.expires).toBeInstanceOf(Date);
    await agent.get('/api/me').expect(200);
  });

  it('marks the cookie Secure behind a TLS-terminating proxy', async () => {
    const u = await createUser(ctx);
    const res = await request(ctx.app)
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: u.user.email, password: u.password })
      .expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('regenerates the session id at login (no fixation)', async () => {
    const u = await createUser(ctx);
    const { agent } = await loginAgent(ctx, u);
    const before = (
      await ctx.db.collection(SESSIONS_COLLECTION).find({ 'session.userId': u.user.id }).toArray()
    ).map((s) => s._id);
    await agent.post('/api/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    const after = (
      await ctx.db.collection(SESSIONS_COLLECTION).find({ 'session.userId': u.user.id }).toArray()
    ).map((s) => s._id);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toEqual(before[0]);
  });

  it('answers unknown email and wrong password identically', async () => {
    const u = await createUser(ctx);
    const wrong = await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: u.user.email, password: 'wrong password!' })
      .expect(401);
    const unknown = await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'wrong password!' })
      .expect(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('requires the CSRF token for cookie-authenticated unsafe requests', async () => {
    const u = await createUser(ctx);
    const { agent, csrfToken } = await loginAgent(ctx, u);
    const res = await agent
      .patch('/api/me')
      .set('X-CSRF-Token', 'forged')
      .send({ displayName: 'X' })
      .expect(403);
    expect(res.body.code).toBe('csrf_failed');
    await agent.patch('/api/me').set('X-CSRF-Token', csrfToken).send({ displayName: 'Y' }).expect(200);
    await request(ctx.app).patch('/api/me').set(u.authHeader).send({ displayName: 'Z' }).expect(200);
  });

  it('logout destroys the session in the store', async () => {
    const u = await createUser(ctx);
    const { agent } = await loginAgent(ctx, u);
    await agent.post('/api/auth/logout').expect(204);
    expect(await ctx.db.collection(SESSIONS_COLLECTION).countDocuments({ 'session.userId': u.user.id })).toBe(
      0,
    );
    const res = await agent.get('/api/me').expect(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('single sign-on switched off', () => {
  it('answers 404 on the OIDC routes without OIDC_ISSUER', async () => {
    const res = await request(ctx.app).get('/api/auth/oidc/login').expect(404);
    expect(res.body.code).toBe('route_not_found');
  });
});

describe('GET/PATCH /api/me', () => {
  it('401 problem+json without credentials', async () => {
    const res = await request(ctx.app).get('/api/me').expect(401);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers in the profile language unless ?lang= says otherwise', async () => {
    const u = await createUser(ctx, { preferredLanguage: 'zh-Hans' });
    const res = await request(ctx.app)
      .get('/api/nothing-here')
      .set(u.authHeader)
      .set('Accept-Language', 'en')
      .expect(404);
    expect(res.headers['content-language']).toBe('zh');
    const en = await request(ctx.app).get('/api/nothing-here?lang=ar').set(u.authHeader).expect(404);
    expect(en.headers['content-language']).toBe('ar');
  });

  it('updates the profile and validates it', async () => {
    const u = await createUser(ctx);
    const res = await request(ctx.app)
      .patch('/api/me')
      .set(u.authHeader)
      .send({
        displayName: '王小明',
        country: 'cn',
        preferredLanguage: 'zh',
        gender: 'male',
        organisation: null,
      })
      .expect(200);
    expect(res.body.data).toMatchObject({
      displayName: '王小明',
      country: 'CN',
      preferredLanguage: 'zh',
      gender: 'male',
    });
    expect(await ctx.db.collection('users').findOne({ email: u.user.email })).toMatchObject({
      country: 'CN',
    });
    await request(ctx.app)
      .patch('/api/me')
      .set(u.authHeader)
      .send({ roles: ['admin'] })
      .expect(400);
    await request(ctx.app).patch('/api/me').set(u.authHeader).send({}).expect(400);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, records use and revokes', async () => {
    const u = await createUser(ctx, { roles: ['learner', 'staff'] });
    const created = await request(ctx.app)
      .post('/api/me/tokens')
      .set(u.authHeader)
      .send({ name: 'export script', scopes: ['staff'], expiresInDays: 30 })
      .expect(201);
    const secret: string = created.body.data.token;
    expect(secret).toMatch(/^lh_pat_/);
    const stored = await ctx.db.collection('api_tokens').findOne({ name: 'export script' });
    expect(stored?.tokenHash).toBe(hashSecret(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    await request(ctx.app).get('/api/me').set('Authorization', `Bearer ${secret}`).expect(200);
    expect((await ctx.db.collection('api_tokens').findOne({ _id: stored?._id }))?.lastUsedAt).toBeInstanceOf(
      Date,
    );
    const list = await request(ctx.app).get('/api/me/tokens').set(u.authHeader).expect(200);
    expect(list.body.data.map((t: { name: string }) => t.name)).toContain('export script');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    await request(ctx.app).delete(`/api/me/tokens/${created.body.data.id}`).set(u.authHeader).expect(204);
    const after = await request(ctx.app).get('/api/me').set('Authorization', `Bearer ${secret}`).expect(401);
    expect(after.body.code).toBe('invalid_token');
    expect(
      await ctx.db.collection('audit_log').find({ targetId: created.body.data.id }).sort({ at: 1 }).toArray(),
    ).toEqual([
      expect.objectContaining({ action: 'token.created', actorId: u.user.id }),
      expect.objectContaining({ action: 'token.revoked', actorId: u.user.id }),
    ]);
  });

  it('refuses scopes the user does not hold, unknown tokens and expired tokens', async () => {
    const u = await createUser(ctx);
    const res = await request(ctx.app)
      .post('/api/me/tokens')
      .set(u.authHeader)
      .send({ name: 'x', scopes: ['admin'] })
      .expect(403);
    expect(res.body.code).toBe('scope_not_held');
    await request(ctx.app).get('/api/me').set('Authorization', 'Bearer lh_pat_nope').expect(401);
    await ctx.db
      .collection('api_tokens')
      .updateMany({ userId: u.user.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await request(ctx.app).get('/api/me').set(u.authHeader).expect(401);
  });

  it('does not let a narrower token mint a wider one', async () => {
    const u = await createUser(ctx, { roles: ['learner', 'staff'] });
    const narrow = await request(ctx.app)
      .post('/api/me/tokens')
      .set(u.authHeader)
      .send({ name: 'narrow', scopes: ['learner'] })
      .expect(201);
    const res = await request(ctx.app)
      .post('/api/me/tokens')
      .set('Authorization', `Bearer ${narrow.body.data.token}`)
      .send({ name: 'wider', scopes: ['staff'] })
      .expect(403);
    expect(res.body.code).toBe('scope_not_held');
  });

  it("cannot revoke another user's token", async () => {
    const a = await createUser(ctx);
    const b = await createUser(ctx);
    const [tokenOfA] = await ctx.services.accounts.apiTokens.listByUser(a.user.id);
    await request(ctx.app).delete(`/api/me/tokens/${tokenOfA?.id}`).set(b.authHeader).expect(404);
    await request(ctx.app).get('/api/me').set(a.authHeader).expect(200);
  });
});
