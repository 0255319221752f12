import request from 'supertest';
import { SESSIONS_COLLECTION } from '../../server/modules/accounts/authentication';
import { OUTBOX_COLLECTION } from '../../server/modules/accounts/mailer';
import { createUser, loginAgent } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

/** The token in the last mail of `kind` sent to `to` (read from the outbox transport). */
async function mailedToken(
  to: string,
  kind: string,
): Promise<{ token: string; lang: string; subject: string }> {
  const [mail] = await ctx.db
    .collection(OUTBOX_COLLECTION)
    .find({ to, kind })
    .sort({ createdAt: -1 })
    .limit(1)
    .toArray();
  const token = decodeURIComponent(/[?&]token=([^\s&]+)/.exec(String(mail?.text))?.[1] ?? '');
  return { token, lang: String(mail?.lang), subject: String(mail?.subject) };
}

describe('email verification', () => {
  it('verifies once with the mailed token, which is stored only as a hash', async () => {
    const email = `verify-${Date.now()}@example.test`;
    await request(ctx.app)
      .post('/api/auth/register')
      .send({
        email,
        password: 'a long enough pass',
        displayName: '李华',
        country: 'CN',
        preferredLanguage: 'zh',
        audience: 'student',
      })
      .expect(202);
    const { token, lang, subject } = await mailedToken(email, 'verify-email');
    expect([lang, subject]).toEqual(['zh', '请确认您的电子邮箱地址']);
    const stored = await ctx.db.collection('one_time_tokens').findOne({ purpose: 'verify-email' });
    expect(JSON.stringify(stored)).not.toContain(token);
    const res = await request(ctx.app).post('/api/auth/verify-email').send({ token }).expect(200);
    expect(res.body.data.user.emailVerified).toBe(true);
    expect((await ctx.db.collection('users').findOne({ email }))?.emailVerifiedAt).toBeInstanceOf(Date);
    const again = await request(ctx.app).post('/api/auth/verify-email').send({ token }).expect(401);
    expect(again.body.code).toBe('invalid_token');
  });

  it('lets exactly one of many concurrent uses of a token through', async () => {
    const u = await createUser(ctx, { verified: false });
    await request(ctx.app).post('/api/auth/verify-email/resend').set(u.authHeader).expect(202);
    const { token } = await mailedToken(u.user.email, 'verify-email');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => request(ctx.app).post('/api/auth/verify-email').send({ token })),
    ).then((all) => all.map((r) => r.status).sort());
    expect(statuses).toEqual([200, ...Array(9).fill(401)]);
  });

  it('refuses an expired or unknown token with 401', async () => {
    const u = await createUser(ctx, { verified: false });
    await request(ctx.app).post('/api/auth/verify-email/resend').set(u.authHeader).expect(202);
    const { token } = await mailedToken(u.user.email, 'verify-email');
    await ctx.db
      .collection('one_time_tokens')
      .updateMany({ userId: u.user.id }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    await request(ctx.app).post('/api/auth/verify-email').send({ token }).expect(401);
    await request(ctx.app).post('/api/auth/verify-email').send({ token: 'lh_ve_unknown' }).expect(401);
    await request(ctx.app)
      .post('/api/auth/verify-email')
      .send({ token: { $ne: null } })
      .expect(400);
  });
});

describe('password reset', () => {
  it('answers known and unknown emails the same; mails only the owner, in their language', async () => {
    const u = await createUser(ctx, { preferredLanguage: 'ar' });
    const known = await request(ctx.app)
      .post('/api/auth/password-reset')
      .send({ email: u.user.email })
      .expect(202);
    const unknown = await request(ctx.app)
      .post('/api/auth/password-reset')
      .send({ email: 'ghost@example.test' })
      .expect(202);
    expect(unknown.body).toEqual(known.body);
    expect(await ctx.db.collection(OUTBOX_COLLECTION).countDocuments({ to: 'ghost@example.test' })).toBe(0);
    const mail = await mailedToken(u.user.email, 'password-reset');
    expect([mail.lang, mail.subject]).toEqual(['ar', 'اختر كلمة مرور جديدة']);
  });

  it('sets the new password once, voids older links and ends every session', async () => {
    const u = await createUser(ctx);
    const { agent } = await loginAgent(ctx, u);
    await request(ctx.app).post('/api/auth/password-reset').send({ email: u.user.email }).expect(202);
    const older = await mailedToken(u.user.email, 'password-reset');
    await request(ctx.app).post('/api/auth/password-reset').send({ email: u.user.email }).expect(202);
    const { token } = await mailedToken(u.user.email, 'password-reset');
    await request(ctx.app)
      .post('/api/auth/password-reset/confirm')
      .send({ token: older.token, password: 'brand new secret 1' })
      .expect(401);

    const weak = await request(ctx.app)
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'qwertyuiop' })
      .expect(400);
    expect(weak.body.errors[0].code).toBe('password_too_common');
    await request(ctx.app)
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'brand new secret 1' })
      .expect(200);
    await request(ctx.app)
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'brand new secret 2' })
      .expect(401);

    expect(await ctx.db.collection(SESSIONS_COLLECTION).countDocuments({ 'session.userId': u.user.id })).toBe(
      0,
    );
    await agent.get('/api/me').expect(401);
    await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: u.user.email, password: u.password })
      .expect(401);
    await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: u.user.email, password: 'brand new secret 1' })
      .expect(200);
  });
});

describe('expiry sweep', () => {
  it('deletes expired API tokens, one-time tokens and sessions, keeps live ones', async () => {
    const u = await createUser(ctx);
    const live = await createUser(ctx);
    const past = new Date(Date.now() - 1000);
    await ctx.db.collection('api_tokens').updateMany({ userId: u.user.id }, { $set: { expiresAt: past } });
    await request(ctx.app).post('/api/auth/password-reset').send({ email: u.user.email }).expect(202);
    await ctx.db
      .collection('one_time_tokens')
      .updateMany({ userId: u.user.id }, { $set: { expiresAt: past } });
    const { agent } = await loginAgent(ctx, live);
    await ctx.db
      .collection('sessions')
      .updateMany({ 'session.userId': live.user.id }, { $set: { expires: past } });
    const swept = await ctx.services.accounts.maintenance.sweep();
    expect(swept.sessions).toBe(1);
    await agent.get('/api/me').expect(401);
    expect(swept.apiTokens).toBeGreaterThanOrEqual(1);
    expect(swept.oneTimeTokens).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.collection('api_tokens').countDocuments({ userId: u.user.id })).toBe(0);
    expect(await ctx.db.collection('api_tokens').countDocuments({ userId: live.user.id })).toBe(1);
  });
});
