import request from 'supertest';
import { MongoRateLimitStore, RATE_LIMITS_COLLECTION } from '../../server/modules/accounts/rate-limit.store';
import type { Runtime } from '../../server/runtime';
import { createUser, loginAgent } from '../helpers/auth';
import { anotherProcess, createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let second: Runtime;
beforeAll(async () => {
  ctx = await createTestContext(__filename, {
    env: { AUTH_LOGIN_MAX_FAILURES: '3', AUTH_REGISTER_MAX_PER_IP: '2', AUTH_WINDOW_SECONDS: '600' },
  });
  // A second app on the same database: what another server process behind the load balancer is.
  second = await anotherProcess(ctx);
});
afterAll(async () => {
  await second.close();
  await ctx.close();
});

const login = (app: TestContext['app'], email: string, password: string) =>
  request(app).post('/api/auth/login').set('Accept-Language', 'ru').send({ email, password });

describe('login lockout', () => {
  it('locks an account after repeated failures, across processes, with a localized 429 and Retry-After', async () => {
    const u = await createUser(ctx);
    await login(ctx.app, u.user.email, 'wrong password 1').expect(401);
    await login(second.app, u.user.email, 'wrong password 2').expect(401);
    await login(ctx.app, u.user.email, 'wrong password 3').expect(401);
    const locked = await login(second.app, u.user.email, u.password).expect(429);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(locked.body).toMatchObject({ code: 'rate_limited', lang: 'ru' });
    expect(locked.body.title).toBe('Слишком много запросов');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const counters = await ctx.db
      .collection(RATE_LIMITS_COLLECTION)
      .find({ key: /^login-account:/ })
      .toArray();
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(counters)).not.toContain(u.user.email);
    // Another account from the same address is not locked.
    const other = await createUser(ctx);
    await login(ctx.app, other.user.email, other.password).expect(200);
  });

  it('does not count successful logins as failures', async () => {
    const u = await createUser(ctx);
    for (let i = 0; i < 4; i++) await login(ctx.app, u.user.email, u.password).expect(200);
    await login(ctx.app, u.user.email, 'wrong password').expect(401);
  });
});

describe('registration limit per IP', () => {
  it('answers 429 after the limit, with Retry-After', async () => {
    const body = (i: number) => ({
      email: `limit-${i}-${Date.now()}@example.test`,
      password: 'a long enough pass',
      displayName: 'N',
      country: 'FR',
      preferredLanguage: 'fr',
      audience: 'parent',
    });
    await request(ctx.app).post('/api/auth/register').send(body(1)).expect(202);
    await request(second.app).post('/api/auth/register').send(body(2)).expect(202);
    const res = await request(ctx.app).post('/api/auth/register').send(body(3)).expect(429);
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('sessions across processes', () => {
  it('accepts on one process a session created on another', async () => {
    const u = await createUser(ctx);
    const { agent, csrfToken } = await loginAgent(ctx, u);
    const cookie = String((await agent.get('/api/auth/session').expect(200)).request.cookies);
    const res = await request(second.app).get('/api/me').set('Cookie', cookie).expect(200);
    expect(res.body.data.id).toBe(u.user.id);
    await request(second.app)
      .patch('/api/me')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send({ displayName: 'B' })
      .expect(200);
  });
});

describe('MongoRateLimitStore', () => {
  it('counts per fixed window and sweeps ended windows', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const store = new MongoRateLimitStore(ctx.connection, 'unit:', () => now);
    store.init({ windowMs: 60_000 } as never);
    expect((await store.increment('k')).totalHits).toBe(1);
    expect((await store.increment('k')).totalHits).toBe(2);
    await store.decrement('k');
    expect((await store.increment('k')).totalHits).toBe(2);
    now = new Date(now.getTime() + 60_000);
    const next = await store.increment('k');
    expect(next.totalHits).toBe(1);
    expect(next.resetTime.toISOString()).toBe('2030-01-01T00:02:00.000Z');
    expect(await store.sweep(now)).toBe(2);
    await store.resetKey('k');
    expect(await ctx.db.collection(RATE_LIMITS_COLLECTION).countDocuments({ key: 'unit:k' })).toBe(0);
  });

  it('loses no hit under concurrency', async () => {
    const store = new MongoRateLimitStore(ctx.connection, 'burst:');
    store.init({ windowMs: 3_600_000 } as never);
    const results = await Promise.all(Array.from({ length: 30 }, () => store.increment('k')));
    expect(Math.max(...results.map((r) => r.totalHits))).toBe(30);
    expect(await ctx.db.collection(RATE_LIMITS_COLLECTION).countDocuments({ key: 'burst:k' })).toBe(30);
  });
});

describe('parallel password guessing', () => {
  it('lets at most the allowed number of failures through a burst', async () => {
    const u = await createUser(ctx);
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        login(i % 2 ? ctx.app : second.app, u.user.email, `guess number ${i}`),
      ),
    ).then((responses) => responses.map((r) => r.status));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
  });
});
