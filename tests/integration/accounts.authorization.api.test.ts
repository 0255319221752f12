import type { Express } from 'express';
import request from 'supertest';
import { policyTable } from '../../server/policies';
import { ROLES, type Role } from '../../server/shared/auth';
import { isAllowed, normalizePath } from '../../server/shared/policy';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every (method, full path) registered on the app, read from the router stack itself. */
function registeredRoutes(app: Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.push({
              method: method.toUpperCase(),
              path: normalizePath(`${prefix}/${String(layer.route.path)}`),
            });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}/${typeof layer.rawPath === 'string' ? layer.rawPath : ''}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

const DUMMY_ID = '000000000000000000000000';
const concrete = (path: string) => path.replace(/:[A-Za-z_]\w*/g, DUMMY_ID).replace(/\*[A-Za-z_]\w*/g, 'x');

let ctx: TestContext;
const principals = new Map<Role, TestUser>();
beforeAll(async () => {
  ctx = await createTestContext(__filename);
  for (const role of ROLES) principals.set(role, await createUser(ctx, { roles: [role] }));
});
afterAll(() => ctx.close());

describe('authorization matrix', () => {
  it('finds the routes in the router stack', () => {
    const routes = registeredRoutes(ctx.app);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'PATCH', path: '/api/users/:id/roles' }]));
  });

  it('has a policy row for every registered route', () => {
    const missing = registeredRoutes(ctx.app).filter((r) => !policyTable.forPattern(r.method, r.path));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('has no policy row without a route', () => {
    const routes = new Set(registeredRoutes(ctx.app).map((r) => `${r.method} ${r.path}`));
    const stale = policyTable.rows.filter((p) => !routes.has(`${p.method} ${normalizePath(p.path)}`));
    expect(stale.map((p) => `${p.method} ${p.path}`)).toEqual([]);
  });

  const who = ['anonymous', ...ROLES] as const;
  it.each(who)('enforces every route for %s', async (name) => {
    const principal = name === 'anonymous' ? undefined : principals.get(name);
    const failures: string[] = [];
    for (const { method, path } of registeredRoutes(ctx.app)) {
      const row = policyTable.forPattern(method, path);
      if (!row) continue;
      const allowed = isAllowed(row.access, principal ? { roles: principal.user.roles } : undefined);
      const req = request(ctx.app)[method.toLowerCase() as 'get'](concrete(path));
      if (principal) req.set(principal.authHeader);
      if (['POST', 'PUT', 'PATCH'].includes(method)) req.send({});
      const res = await req;
      const denied =
        (res.status === 401 && res.body.code === 'unauthenticated') ||
        (res.status === 403 && res.body.code === 'forbidden');
      const expectedDenial = principal ? 403 : 401;
      if (allowed && denied) failures.push(`${method} ${path}: expected allowed, got ${res.status}`);
      if (!allowed && (!denied || res.status !== expectedDenial)) {
        failures.push(`${method} ${path}: expected ${expectedDenial}, got ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('role administration', () => {
  it('lets an admin grant and revoke roles, audited, effective at once', async () => {
    const admin = principals.get('admin') as TestUser;
    const target = await createUser(ctx);
    await request(ctx.app).get('/api/users?role=staff').set(target.authHeader).expect(403);
    const res = await request(ctx.app)
      .patch(`/api/users/${target.user.id}/roles`)
      .set(admin.authHeader)
      .send({ grant: ['author', 'reviewer'] })
      .expect(200);
    expect(res.body.data.roles).toEqual(['learner', 'author', 'reviewer']);
    const revoked = await request(ctx.app)
      .patch(`/api/users/${target.user.id}/roles`)
      .set(admin.authHeader)
      .send({ revoke: ['reviewer'] })
      .expect(200);
    expect(revoked.body.data.roles).toEqual(['learner', 'author']);
    expect(await ctx.db.collection('users').findOne({ email: target.user.email })).toMatchObject({
      roles: ['learner', 'author'],
    });
    const audit = await ctx.db
      .collection('audit_log')
      .find({ targetId: target.user.id })
      .sort({ at: 1 })
      .toArray();
    expect(audit.map((a) => [a.action, a.details.role, a.actorId])).toEqual([
      ['role.granted', 'author', admin.user.id],
      ['role.granted', 'reviewer', admin.user.id],
      ['role.revoked', 'reviewer', admin.user.id],
    ]);
    expect(audit[0]?.requestId).toEqual(expect.any(String));
  });

  it('lists users with pagination and a role filter', async () => {
    const admin = principals.get('admin') as TestUser;
    const res = await request(ctx.app)
      .get('/api/users?role=moderator&pageSize=5')
      .set(admin.authHeader)
      .expect(200);
    expect(res.body.data.every((u: { roles: string[] }) => u.roles.includes('moderator'))).toBe(true);
    expect(res.body.pagination).toMatchObject({ page: 1, pageSize: 5, total: res.body.data.length });
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
  });

  it('refuses to remove learner, to remove your own admin role, and unknown users', async () => {
    const admin = principals.get('admin') as TestUser;
    const target = await createUser(ctx);
    await request(ctx.app)
      .patch(`/api/users/${target.user.id}/roles`)
      .set(admin.authHeader)
      .send({ revoke: ['learner'] })
      .expect(409);
    await request(ctx.app)
      .patch(`/api/users/${admin.user.id}/roles`)
      .set(admin.authHeader)
      .send({ revoke: ['admin'] })
      .expect(409);
    await request(ctx.app)
      .patch(`/api/users/${DUMMY_ID}/roles`)
      .set(admin.authHeader)
      .send({ grant: ['author'] })
      .expect(404);
    await request(ctx.app)
      .patch(`/api/users/${target.user.id}/roles`)
      .set(admin.authHeader)
      .send({ grant: ['emperor'] })
      .expect(400);
  });
});
