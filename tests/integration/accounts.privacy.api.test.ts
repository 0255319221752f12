import request from 'supertest';
import { SESSIONS_COLLECTION } from '../../server/modules/accounts/authentication';
import { createUser, loginAgent } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
  // A stand-in for the enrolment module: statistics events that must survive erasure.
  const events = ctx.db.collection('test_enrolment_events');
  ctx.services.accounts.privacy.register({
    name: 'enrolments',
    export: (userId) => events.find({ userId }, { projection: { _id: 0 } }).toArray(),
    async erase(userId, pseudonym) {
      await events.updateMany({ userId }, { $set: { userId: pseudonym } });
    },
  });
});
afterAll(() => ctx.close());

const totalsByCountry = async () =>
  ctx.db
    .collection('test_enrolment_events')
    .aggregate([{ $group: { _id: '$country', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
    .toArray();

describe('GET /api/me/export', () => {
  it('returns the profile, token metadata, audit entries and module sections — no secrets', async () => {
    const u = await createUser(ctx, { displayName: 'Фатима', organisation: 'School 5' });
    await ctx.db
      .collection('test_enrolment_events')
      .insertOne({ userId: u.user.id, course: 'c1', country: 'FR' });
    const res = await request(ctx.app).get('/api/me/export').set(u.authHeader).expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const data = res.body.data;
    expect(data.profile).toMatchObject({
      id: u.user.id,
      email: u.user.email,
      displayName: 'Фатима',
      organisation: 'School 5',
    });
    expect(data.apiTokens).toHaveLength(1);
    expect(data.auditLog).toEqual([expect.objectContaining({ action: 'token.created', actorId: u.user.id })]);
    expect(data.enrolments).toEqual([{ userId: u.user.id, course: 'c1', country: 'FR' }]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(u.token);
    expect(text).not.toMatch(/passwordHash|tokenHash/);
  });
});

describe('DELETE /api/me', () => {
  it('needs the password', async () => {
    const u = await createUser(ctx);
    const res = await request(ctx.app)
      .delete('/api/me')
      .set(u.authHeader)
      .send({ password: 'not the password' })
      .expect(401);
    expect(res.body.code).toBe('invalid_credentials');
    await request(ctx.app).delete('/api/me').set(u.authHeader).expect(400);
    expect(await ctx.db.collection('users').countDocuments({ email: u.user.email })).toBe(1);
  });

  it('keeps the last admin', async () => {
    const admin = await createUser(ctx, { roles: ['learner', 'admin'] });
    const res = await request(ctx.app)
      .delete('/api/me')
      .set(admin.authHeader)
      .send({ password: admin.password })
      .expect(409);
    expect(res.body.code).toBe('conflict');
    const other = await createUser(ctx, { roles: ['learner', 'admin'] });
    await request(ctx.app)
      .delete('/api/me')
      .set(admin.authHeader)
      .send({ password: admin.password })
      .expect(204);
    await request(ctx.app)
      .delete('/api/me')
      .set(other.authHeader)
      .send({ password: other.password })
      .expect(409);
  });

  it('reuses the pseudonym when an erasure is retried after a module failed', async () => {
    const u = await createUser(ctx);
    const events = ctx.db.collection('test_enrolment_events');
    await events.insertMany([
      { userId: u.user.id, course: 'r1', country: 'FR' },
      { userId: u.user.id, course: 'r2', country: 'FR' },
    ]);
    let fail = true;
    ctx.services.accounts.privacy.register({
      name: 'flaky',
      export: async () => [],
      async erase() {
        if (fail) throw new Error('forum down');
      },
    });
    await request(ctx.app).delete('/api/me').set(u.authHeader).send({ password: u.password }).expect(500);
    fail = false;
    await request(ctx.app).delete('/api/me').set(u.authHeader).send({ password: u.password }).expect(204);
    const ids = new Set(
      (await events.find({ course: { $in: ['r1', 'r2'] } }).toArray()).map((e) => e.userId),
    );
    expect(ids.size).toBe(1);
  });

  it('erases personal data, pseudonymizes statistics events and keeps totals', async () => {
    const u = await createUser(ctx, { country: 'KZ' });
    const { agent } = await loginAgent(ctx, u);
    await ctx.db.collection('test_enrolment_events').insertMany([
      { userId: u.user.id, course: 'c1', country: 'KZ' },
      { userId: u.user.id, course: 'c2', country: 'KZ' },
    ]);
    const before = await totalsByCountry();

    await agent.delete('/api/me').send({ password: u.password }).expect(204);

    expect(await ctx.db.collection('users').countDocuments({ email: u.user.email })).toBe(0);
    expect(await ctx.db.collection('api_tokens').countDocuments({ userId: u.user.id })).toBe(0);
    expect(await ctx.db.collection('one_time_tokens').countDocuments({ userId: u.user.id })).toBe(0);
    expect(await ctx.db.collection(SESSIONS_COLLECTION).countDocuments({ 'session.userId': u.user.id })).toBe(
      0,
    );
    expect(await totalsByCountry()).toEqual(before);
    const events = await ctx.db
      .collection('test_enrolment_events')
      .find({ course: { $in: ['c1', 'c2'] }, country: 'KZ' })
      .toArray();
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.userId)).size).toBe(1);
    expect(events[0]?.userId).toMatch(/^anon_[0-9a-f]{24}$/);

    const [entry] = await ctx.db
      .collection('audit_log')
      .find({ action: 'account.deleted', targetId: u.user.id })
      .toArray();
    expect(entry).toMatchObject({
      actorId: u.user.id,
      targetType: 'user',
      details: { modules: expect.arrayContaining(['enrolments']) },
    });
    expect(JSON.stringify(entry)).not.toContain(u.user.email);

    await agent.get('/api/me').expect(401);
    await request(ctx.app).get('/api/me').set(u.authHeader).expect(401);
    await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: u.user.email, password: u.password })
      .expect(401);
  });
});

describe('GET /api/audit', () => {
  it('lets staff read the audit log by time range', async () => {
    const staff = await createUser(ctx, { roles: ['staff'] });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await request(ctx.app)
      .get('/api/audit')
      .query({ from, to })
      .set(staff.authHeader)
      .expect(200);
    expect(res.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'token.created', targetType: 'api-token' })]),
    );
    await request(ctx.app).get('/api/audit').query({ from: to, to: from }).set(staff.authHeader).expect(400);
    const learner = await createUser(ctx);
    await request(ctx.app).get('/api/audit').query({ from, to }).set(learner.authHeader).expect(403);
  });
});
