import { once } from 'node:events';
import http from 'node:http';
import { createTestContext, type TestContext, testDatabaseUri } from '../helpers/test-app';
import { runLoad, tally } from './helpers/load';
import { databaseUri, type ServerProcess, startServerProcess } from './helpers/server-process';
import { createFixture, type Fixture, mixedOperations, storedWrites } from './helpers/workload';

/**
 * SIGTERM to a real server process under load (a new connection per request): every request
 * the server accepted gets its normal answer, connections after the close are refused, a
 * request whose body is still arriving completes, acknowledged writes are stored, exit code 0.
 */
let ctx: TestContext;
let server: ServerProcess;
let fixture: Fixture;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  fixture = await createFixture(ctx, 15);
  // debug: the server logs every finished request with its X-Request-Id.
  server = await startServerProcess(databaseUri(testDatabaseUri(), ctx.dbName), {
    FORUM_POSTS_PER_WINDOW: '100000',
    LOG_LEVEL: 'debug',
  });
});

afterAll(async () => {
  await server?.stop();
  await ctx?.close();
});

/**
 * A POST whose body is half sent: in flight until `finish()`. `Expect: 100-continue` makes the
 * server confirm it has parsed the request (`accepted`), so the signal cannot beat it there.
 */
function slowFeedback(url: string, message: string) {
  const body = JSON.stringify({ message });
  const req = http.request(`${url}/api/feedback`, {
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Expect: '100-continue',
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
  });
  const accepted = once(req, 'continue').then(() => void req.write(body.slice(0, 10)));
  req.flushHeaders();
  return { answer, accepted, finish: () => req.end(body.slice(10)) };
}

/** Resolves once a new connection to `url` is refused. */
async function refused(url: string): Promise<void> {
  for (;;) {
    const code = await new Promise<string>((resolve) => {
      http
        .get(`${url}/healthz`, { agent: false }, (res) => resolve(String(res.resume().statusCode)))
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    if (code === 'ECONNREFUSED') return;
    await sleep(20);
  }
}

it('finishes every accepted request, refuses new connections and exits 0', async () => {
  const load = runLoad(server.url, mixedOperations(fixture), {
    clients: 6,
    pauseMs: 0,
    timeoutMs: 15_000,
    keepAlive: false,
  });
  await sleep(3000);
  const held = slowFeedback(server.url, `held ${fixture.tag}`);
  await held.accepted;
  await sleep(100);
  const sentBefore = load.sent();
  server.child.kill('SIGTERM');
  await refused(server.url);
  held.finish();
  const heldAnswer = await held.answer;
  const exitCode = await server.exited;
  await sleep(300);
  const outcomes = await load.stop();
  const log = server.output();

  expect(exitCode).toBe(0);
  expect(heldAnswer.status).toBe(201);
  expect(JSON.parse(heldAnswer.body).data.message).toBe(`held ${fixture.tag}`);
  expect(outcomes.length).toBe(load.sent());
  expect(sentBefore).toBeGreaterThan(10);

  // Every answer is a normal one: no 5xx, nothing cut short.
  const answered = outcomes.filter((o) => o.status !== 0);
  expect(answered.filter((o) => o.status >= 300)).toEqual([]);
  // Client errors are refusals only: the server never saw these requests (no log line with their id).
  const failed = outcomes.filter((o) => o.status === 0);
  expect(failed.filter((o) => !['ECONNREFUSED', 'ECONNRESET'].includes(String(o.error)))).toEqual([]);
  expect(failed.filter((o) => log.includes(`"${o.requestId}"`))).toEqual([]);
  expect(failed.filter((o) => o.error === 'ECONNREFUSED').length).toBeGreaterThan(0);
  // The server logged each answered request as completed, and aborted none.
  for (const o of answered) expect(log).toContain(`"id":"${o.requestId}"`);
  expect(log).not.toMatch(/request aborted|request failed/);
  expect(log).toContain('learning-hub stopped');

  const writes = await storedWrites(ctx.db, fixture, outcomes);
  for (const [kind, w] of Object.entries(writes)) {
    expect({ kind, missing: w.acknowledged.filter((id) => !w.stored.includes(id)) }).toEqual({
      kind,
      missing: [],
    });
    // Nothing was cut, so every write the server accepted was also acknowledged.
    expect({ kind, stored: w.stored.length }).toEqual({ kind, stored: w.acknowledged.length });
  }
  expect(await ctx.db.collection('feedback').countDocuments({ message: `held ${fixture.tag}` })).toBe(1);
  process.stdout.write(
    `SIGTERM under load: ${outcomes.length} requests ${JSON.stringify(tally(outcomes))}, ${sentBefore} sent before the signal\n`,
  );
});
