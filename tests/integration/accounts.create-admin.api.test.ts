import request from 'supertest';
import { createAdmin } from '../../scripts/create-admin';
import { createUser, loginAgent } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

describe('npm run create-admin', () => {
  it('creates a verified admin who can sign in and manage roles', async () => {
    const input = {
      email: 'Root@Example.test',
      password: 'a strong admin pass',
      displayName: 'Ада',
      country: 'ru',
      preferredLanguage: 'ru',
    };
    const result = await createAdmin(ctx.services, input);
    expect(result.created).toBe(true);
    const stored = await ctx.db.collection('users').findOne({ email: 'root@example.test' });
    expect(stored).toMatchObject({ roles: ['learner', 'admin'], country: 'RU' });
    expect(stored?.emailVerifiedAt).toBeInstanceOf(Date);
    const { agent } = await loginAgent(ctx, {
      user: { email: 'root@example.test' } as never,
      password: input.password,
    });
    await agent.get('/api/users').expect(200);
    expect(await ctx.db.collection('audit_log').findOne({ targetId: result.userId })).toMatchObject({
      action: 'role.granted',
      actorId: null,
      requestId: 'cli:create-admin',
    });
  });

  it('promotes an existing account without touching its password, and is idempotent', async () => {
    const u = await createUser(ctx);
    const input = {
      email: u.user.email,
      password: 'another strong pass',
      displayName: 'X',
      country: 'FR',
      preferredLanguage: 'en',
    };
    expect(await createAdmin(ctx.services, input)).toEqual({ userId: u.user.id, created: false });
    expect(await createAdmin(ctx.services, input)).toEqual({ userId: u.user.id, created: false });
    expect((await ctx.db.collection('users').findOne({ email: u.user.email }))?.roles).toEqual([
      'learner',
      'admin',
    ]);
    expect(
      await ctx.db.collection('audit_log').countDocuments({ targetId: u.user.id, action: 'role.granted' }),
    ).toBe(1);
    await request(ctx.app)
      .post('/api/auth/login')
      .send({ email: u.user.email, password: u.password })
      .expect(200);
  });

  it('refuses a weak password or a bad country', async () => {
    const bad = {
      email: 'x@example.test',
      password: 'short',
      displayName: 'X',
      country: 'XX',
      preferredLanguage: 'en',
    };
    await expect(createAdmin(ctx.services, bad)).rejects.toThrow(/password.*country|country.*password/s);
  });
});
