import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../server/shared/logger';
import { createUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename, { logger: createLogger('debug', {}, sink) });
});
afterAll(() => ctx.close());

it('logs one line per request with its id, and no personal data, bodies, tokens or query strings', async () => {
  const { token, authHeader } = await createUser(ctx, { email: 'amina@example.org' });
  await request(ctx.app)
    .post('/api/feedback?email=amina%40example.org')
    .set(authHeader)
    .set('Cookie', 'sid=session-cookie-value')
    .set('X-Request-Id', 'log-test-1')
    .send({ message: 'Моя почта amina@example.org, пароль hunter2hunter2' })
    .expect(201);

  const all = lines.join('');
  for (const leaked of [token, 'session-cookie-value', 'amina', 'hunter2', 'example.org', 'Моя почта']) {
    expect(all).not.toContain(leaked);
  }
  const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.req?.id === 'log-test-1');
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ req: { method: 'POST', path: '/api/feedback' }, res: { status: 201 } });
});
