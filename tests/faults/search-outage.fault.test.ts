import type { Server } from 'node:http';
import { type Db, MongoClient } from 'mongodb';
import { loadConfig } from '../../server/config';
import { hashPassword } from '../../server/modules/accounts/password';
import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import { createRuntime, type Runtime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { switchableEngine } from '../helpers/search-fakes';
import { testDatabaseUri, uniqueDbName } from '../helpers/test-app';

/**
 * The search engine fails (every call throws search_unavailable) while authors keep writing:
 * writes succeed, /readyz shows search down and the sync lag, search answers 503, and once the
 * engine is back the background sync converges with every edit searchable.
 */
const engine = switchableEngine(createEmbeddedEngine());
const dbName = uniqueDbName(__filename);
let runtime: Runtime;
let server: Server;
let url: string;
let client: MongoClient;
let db: Db;
let auth: { Authorization: string };
let categoryId: string;

// Far apart, so typo tolerance never takes one for another.
const BEFORE = ['volcano', 'harbour', 'lantern', 'meadow', 'pyramid'];
const DURING = ['quartz', 'saffron', 'tundra', 'walrus', 'yoghurt', 'zeppelin', 'bicycle', 'cactus'];
const EDITED = ['orchestra', 'kangaroo', 'mosaic', 'nebula', 'jasmine'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** Thread ids found by searching `word` among threads. */
async function found(word: string): Promise<string[]> {
  const res = await call('GET', `/api/search?type=thread&q=${word}`);
  if (res.status !== 200) throw new Error(`search ${word}: ${res.status}`);
  return res.body.data.items.map((i: { slug: string }) => i.slug);
}

/** Polls until every word finds exactly its thread; resolves with the milliseconds it took. */
async function converged(expected: Record<string, string>, limitMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    const hits = await Promise.all(Object.keys(expected).map(found));
    if (Object.values(expected).every((id, i) => hits[i]?.length === 1 && hits[i]?.[0] === id))
      return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`index did not converge: ${JSON.stringify(hits)}`);
    await sleep(250);
  }
}

async function startThread(word: string) {
  const res = await call('POST', '/api/forum/threads', {
    categoryId,
    title: 'Field notes',
    body: `Notes about the ${word} we studied.`,
  });
  expect(res.status).toBe(201);
  return { threadId: res.body.data.thread.id as string, postId: res.body.data.post.id as string };
}

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_URI: testDatabaseUri(),
    FORUM_POSTS_PER_WINDOW: '1000',
  });
  runtime = await createRuntime(config, createLogger('silent'), dbName, engine);
  server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  client = await new MongoClient(testDatabaseUri()).connect();
  db = client.db(dbName);
  const { accounts } = runtime.services;
  const staff = await accounts.users.create({
    email: `search-fault-${dbName}@example.test`,
    passwordHash: await hashPassword('not-used-here-1'),
    displayName: 'Staff',
    country: 'FR',
    preferredLanguage: 'en',
    audience: 'teacher',
    gender: null,
    organisation: null,
    roles: ['staff', 'learner'],
    emailVerifiedAt: new Date(),
  });
  if (!staff) throw new Error('user');
  const actor = { userId: staff.id, roles: staff.roles, via: 'session' as const };
  const token = await accounts.tokens.create(
    { actor, requestId: 'test' },
    { name: 't', scopes: ['staff', 'learner'], expiresInDays: 1 },
  );
  auth = { Authorization: `Bearer ${token.secret}` };
  const category = await call('POST', '/api/forum/categories', {
    key: 'search-fault',
    kind: 'topic',
    scope: 'faults',
    title: { en: 'Field notes' },
    defaultLanguage: 'en',
  });
  categoryId = category.body.data.id;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db.dropDatabase();
  await client.close();
  await runtime.close();
});

it('keeps writes succeeding through a search outage, reports the lag, and converges afterwards', async () => {
  const before: Record<string, { threadId: string; postId: string }> = {};
  for (const word of BEFORE) before[word] = await startThread(word);
  await converged(Object.fromEntries(BEFORE.map((w) => [w, before[w]?.threadId as string])), 30_000);

  engine.down = true;
  const during: Record<string, string> = {};
  for (const word of DURING) during[word] = (await startThread(word)).threadId;
  for (const [i, old] of BEFORE.entries()) {
    const edit = await call('PATCH', `/api/forum/posts/${before[old]?.postId}`, {
      body: `Notes about the ${EDITED[i]} we studied.`,
    });
    expect(edit.status).toBe(200);
  }
  const searching = await call('GET', '/api/search?q=quartz');
  expect(searching.status).toBe(503);
  expect(searching.headers.get('retry-after')).toBe('5');
  expect(searching.body.code).toBe('search_unavailable');

  // The lag grows while the engine is down (details are cached for 5 s, so poll).
  let ready = await call('GET', '/readyz');
  for (let i = 0; i < 60 && ready.body.searchSync?.lagSeconds < 2; i++) {
    await sleep(500);
    ready = await call('GET', '/readyz');
  }
  expect(ready.status).toBe(503);
  expect(ready.body).toMatchObject({
    code: 'not_ready',
    checks: { database: 'up', search: 'down' },
    searchSync: { pending: true },
  });
  expect(ready.body.searchSync.failures).toBeGreaterThan(0);

  engine.down = false;
  const expected: Record<string, string> = { ...during };
  for (const [i, old] of BEFORE.entries()) expected[EDITED[i] as string] = before[old]?.threadId as string;
  const convergedMs = await converged(expected, 90_000);
  for (const old of BEFORE) expect(await found(old)).toEqual([]);

  const threads = await db.collection('forum_threads').countDocuments({ status: 'visible' });
  expect(threads).toBe(BEFORE.length + DURING.length);
  expect(await engine.count()).toBe(threads);
  const after = await call('GET', '/readyz');
  expect(after.status).toBe(200);
  process.stdout.write(`search outage: converged ${convergedMs} ms after the engine returned\n`);
});
