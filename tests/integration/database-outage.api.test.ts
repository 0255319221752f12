import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort, type LaunchedDatabase, launchDatabase } from '../../scripts/dev-db';
import { createTestContext, type TestContext } from '../helpers/test-app';

// This file runs its own database server so it can stop and restart it.
let dataDir: string;
let port: number;
let db: LaunchedDatabase;
let ctx: TestContext;

const start = () => launchDatabase({ dataDir, port, log: () => {} });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'learning-hub-outage-'));
  port = await freePort();
  db = await start();
  ctx = await createTestContext(__filename, { uri: db.uri, env: { DB_SERVER_SELECTION_TIMEOUT_MS: '1000' } });
});

afterAll(async () => {
  await ctx.close();
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitUntilReady(): Promise<number> {
  for (let attempt = 1; attempt <= 60; attempt++) {
    const res = await request(ctx.app).get('/readyz');
    if (res.status === 200) return attempt;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not become ready again');
}

it('answers 503 with Retry-After while the database is down and recovers without a restart', async () => {
  const before = await request(ctx.app).post('/api/feedback').send({ message: 'written before the outage' });
  expect(before.status).toBe(201);

  await db.stop();

  const ready = await request(ctx.app).get('/readyz').set('Accept-Language', 'ru').expect(503);
  expect(ready.headers['retry-after']).toBe('5');
  expect(ready.body).toMatchObject({ code: 'not_ready', checks: { database: 'down', search: 'up' } });
  expect(ready.body.detail).toContain('database');

  const write = await request(ctx.app)
    .post('/api/feedback')
    .set('Accept-Language', 'zh')
    .send({ message: 'lost?' });
  expect(write.status).toBe(503);
  expect(write.headers['retry-after']).toBe('5');
  expect(write.body).toMatchObject({ code: 'database_unavailable', title: '服务暂时不可用' });

  const read = await request(ctx.app).get('/api/collections');
  expect(read.status).toBe(503);
  expect(read.headers['retry-after']).toBe('5');

  await request(ctx.app).get('/healthz').expect(200);

  db = await start();
  await waitUntilReady();

  const after = await request(ctx.app).post('/api/feedback').send({ message: 'written after the outage' });
  expect(after.status).toBe(201);
  const messages = (await ctx.db.collection('feedback').find().toArray()).map((d) => d.message).sort();
  expect(messages).toEqual(['written after the outage', 'written before the outage']);
});
