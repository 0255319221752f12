import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, type LaunchedDatabase, launchDatabase } from '../../scripts/dev-db';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { type Outcome, runLoad, tally } from './helpers/load';
import { databaseUri, type ServerProcess, startServerProcess } from './helpers/server-process';
import { createFixture, type Fixture, mixedOperations, storedWrites } from './helpers/workload';

/**
 * The database server is killed (SIGKILL) for 10 s under a mixed load against a real server
 * process: answers are 2xx or 503 + Retry-After, none hangs, the server recovers by itself
 * within 5 s of the database's return, and every acknowledged write is stored.
 */
const OUTAGE_MS = 10_000;
const RECOVERY_BUDGET_MS = 5000;
const CLIENT_TIMEOUT_MS = 10_000;

let dataDir: string;
let port: number;
let db: LaunchedDatabase;
let ctx: TestContext;
let server: ServerProcess;
let fixture: Fixture;

const startDb = () => launchDatabase({ dataDir, port, log: () => {} });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'learning-hub-fault-db-'));
  port = await freePort();
  db = await startDb();
  ctx = await createTestContext(__filename, { uri: db.uri });
  fixture = await createFixture(ctx, 15);
  server = await startServerProcess(databaseUri(db.uri, ctx.dbName), {
    DB_SERVER_SELECTION_TIMEOUT_MS: '2000',
    FORUM_POSTS_PER_WINDOW: '100000',
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await server?.stop();
  await ctx?.close();
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls /readyz until it answers 200; resolves with the milliseconds that took and the attempts. */
async function timeUntilReady(url: string, limitMs: number): Promise<{ ms: number; attempts: string[] }> {
  const start = Date.now();
  const attempts: string[] = [];
  while (Date.now() - start < limitMs) {
    const sent = Date.now();
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    attempts.push(`${res?.status ?? 'no answer'} in ${Date.now() - sent} ms`);
    if (res?.status === 200) return { ms: Date.now() - start, attempts };
    await sleep(100);
  }
  return { ms: Number.POSITIVE_INFINITY, attempts };
}

it('answers 503 + Retry-After during a 10 s outage, recovers without a restart and loses no acknowledged write', async () => {
  const load = runLoad(server.url, mixedOperations(fixture), {
    clients: 6,
    pauseMs: 20,
    timeoutMs: CLIENT_TIMEOUT_MS,
    keepAlive: true,
  });
  await sleep(3000);
  const killedAt = Date.now();
  await db.stop('SIGKILL');
  await sleep(OUTAGE_MS);
  db = await startDb();
  const backAt = Date.now();
  const recovery = await timeUntilReady(server.url, 30_000);
  const recoveryMs = recovery.ms;
  const settledAt = backAt + recoveryMs + 500;
  // Enough traffic after recovery to show every kind of request succeeds again.
  const deadline = Date.now() + 30_000;
  while (load.outcomes.filter((o) => o.startedAt > settledAt).length < 40 && Date.now() < deadline)
    await sleep(250);
  const outcomes = await load.stop();

  // On failure, the /readyz attempts after the database's return say where the time went.
  expect(recoveryMs <= RECOVERY_BUDGET_MS ? 'recovered' : recovery.attempts.join('; ')).toBe('recovered');
  // Every request got an HTTP answer in time: no hang, no reset, no 500.
  expect(outcomes.filter((o) => o.status === 0)).toEqual([]);
  const errorLog = (id: string) =>
    server
      .output()
      .split('\n')
      .find((l) => l.includes(`"${id}"`)) ?? 'no log line';
  expect(
    outcomes.filter((o) => o.status >= 500 && o.status !== 503).map((o) => errorLog(o.requestId)),
  ).toEqual([]);
  const outage = outcomes.filter((o) => o.status === 503);
  expect(outage.length).toBeGreaterThan(20);
  for (const o of outage) {
    expect(o).toMatchObject({ retryAfter: '5', code: 'database_unavailable' });
    expect(o.contentType).toMatch(/^application\/problem\+json/);
  }
  // 503s only while the database was away (plus the driver's server-selection wait).
  const during = (o: Outcome) => o.startedAt >= killedAt - 2000 && o.startedAt <= backAt + RECOVERY_BUDGET_MS;
  expect(outage.filter((o) => !during(o))).toEqual([]);
  expect(outcomes.filter((o) => o.startedAt < killedAt - 2000 && o.status >= 300)).toEqual([]);
  const afterwards = outcomes.filter((o) => o.startedAt > settledAt);
  expect(afterwards.length).toBeGreaterThanOrEqual(40);
  expect(tally(afterwards.filter((o) => o.status >= 300))).toEqual({});

  const writes = await storedWrites(ctx.db, fixture, outcomes);
  for (const [kind, w] of Object.entries(writes)) {
    expect({ kind, missing: w.acknowledged.filter((id) => !w.stored.includes(id)) }).toEqual({
      kind,
      missing: [],
    });
    expect(w.acknowledged.length).toBeGreaterThan(0);
    expect(w.stored.length).toBeGreaterThanOrEqual(w.acknowledged.length);
    expect(w.stored.length).toBeLessThanOrEqual(w.attempted);
  }
  process.stdout.write(
    `database outage: ${outcomes.length} requests ${JSON.stringify(tally(outcomes))}, ` +
      `recovered ${recoveryMs} ms after the database returned, slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms, ` +
      `acknowledged writes ${JSON.stringify(Object.fromEntries(Object.entries(writes).map(([k, w]) => [k, w.acknowledged.length])))}\n`,
  );
});
