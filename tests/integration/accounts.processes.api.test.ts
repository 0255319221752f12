import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createUser } from '../helpers/auth';
import { createTestContext, type TestContext, testDatabaseUri } from '../helpers/test-app';

/**
 * Two real server processes (server/main.ts) on one database, as behind a load balancer:
 * a session made on one is valid on the other, and failed logins count together.
 */
const ROOT = path.join(__dirname, '..', '..');

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

function startServer(mongoUri: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: mongoUri,
      LOG_LEVEL: 'info',
      SEED_ON_START: 'false',
      AUTH_LOGIN_MAX_FAILURES: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function stop(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.on('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

let ctx: TestContext;
let a: Server | undefined;
let b: Server | undefined;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
  const uri = new URL(testDatabaseUri());
  uri.pathname = `/${ctx.dbName}`;
  [a, b] = await Promise.all([startServer(uri.toString()), startServer(uri.toString())]);
});
afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  await ctx.close();
});

const post = (
  server: Server | undefined,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(`${server?.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('two server processes on one database', () => {
  it('share sessions', async () => {
    const u = await createUser(ctx);
    const login = await post(a, '/api/auth/login', { email: u.user.email, password: u.password });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { data } = (await login.json()) as { data: { csrfToken: string } };
    const me = await fetch(`${b?.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { id: string } }).data.id).toBe(u.user.id);
    const logout = await post(b, '/api/auth/logout', {}, { cookie, 'x-csrf-token': data.csrfToken });
    expect(logout.status).toBe(204);
    expect((await fetch(`${a?.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('share rate limits', async () => {
    const u = await createUser(ctx);
    expect(
      (await post(a, '/api/auth/login', { email: u.user.email, password: 'wrong password 1' })).status,
    ).toBe(401);
    expect(
      (await post(b, '/api/auth/login', { email: u.user.email, password: 'wrong password 2' })).status,
    ).toBe(401);
    const locked = await post(a, '/api/auth/login', { email: u.user.email, password: u.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
