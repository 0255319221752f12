import { once } from 'node:events';
import http, { type Server } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../server/shared/logger';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { SAMPLES, sampleBody } from '../unit/files/samples';

/**
 * Clients that go away mid-upload and mid-export, against a listening server: GridFS keeps no
 * orphan files or chunks, no upload stays active, the export writer stops, no connection
 * stays open, and the server keeps answering.
 */
const KiB = 1024;
const CHUNK = 255 * KiB;
const MP4_HEAD = SAMPLES.find((s) => s.name === 'MP4')?.head ?? Buffer.alloc(0);
const DAYS = 365;
const COUNTRIES = Array.from({ length: 20 }, (_, i) => `C${String.fromCharCode(65 + i)}`.slice(0, 2));
const COURSES = Array.from({ length: 12 }, (_, i) => `course-${i}`);

let ctx: TestContext;
let server: Server;
let port: number;
let author: TestUser;
let staff: TestUser;
const logLines: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 20_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

const openConnections = () => new Promise<number>((r) => server.getConnections((_e, n) => r(n)));

/**
 * Day and month rollups with a country × course map (stored in the `|pairs` companion documents,
 * ids and collections as the outreach module writes them): a breakdown of DAYS × 20 × 12 rows by day.
 */
async function seedRollups(): Promise<void> {
  const by: Record<string, number> = {};
  for (const c of COUNTRIES) for (const course of COURSES) by[`${c}!${course}`] = 7;
  const start = Date.UTC(2025, 0, 1);
  const doc = (g: string, b: string) => ({
    _id: `enrolments|${g}|${b}|pairs`,
    m: 'enrolments',
    g: `${g}-pairs`,
    b,
    total: 7 * 240,
    by: { 'country+course': by },
    pending: [],
  });
  const days = Array.from({ length: DAYS }, (_, d) =>
    doc('day', new Date(start + d * 86_400_000).toISOString().slice(0, 10)),
  );
  const months = Array.from({ length: 12 }, (_, m) => doc('month', `2025-${String(m + 1).padStart(2, '0')}`));
  await ctx.db.collection('stats_rollups').insertMany(days as never[]);
  await ctx.db.collection('stats_rollups_coarse').insertMany(months as never[]);
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  ctx = await createTestContext(__filename, { logger: createLogger('info', {}, sink) });
  server = ctx.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
  [author, staff] = await Promise.all([
    createUser(ctx, { roles: ['author'] }),
    createUser(ctx, { roles: ['staff'] }),
  ]);
  await seedRollups();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await ctx.close();
});

/** Starts a multipart upload of a declared 50 MiB video, sends `bytes` of it, and returns the request. */
function partialUpload(bytes: number): http.ClientRequest {
  const boundary = 'fault-boundary';
  const req = http.request({
    port,
    host: '127.0.0.1',
    method: 'POST',
    path: '/api/files',
    headers: {
      ...author.authHeader,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(50 * 1024 * KiB),
    },
  });
  req.on('error', () => {});
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  if (bytes > 0) req.write(sampleBody(MP4_HEAD, bytes));
  return req;
}

describe('a client that disconnects', () => {
  it('mid-upload (several at once, at different points) leaves no orphan in GridFS and no active upload', async () => {
    const files = ctx.db.collection('fs.files');
    const chunks = ctx.db.collection('fs.chunks');
    // Cut after the part's headers only, inside the first chunk, and after 3 and 6 written chunks.
    const cuts = [0, 10 * KiB, 3 * CHUNK, 6 * CHUNK].map(partialUpload);
    await eventually(async () => (await chunks.countDocuments()) >= 6, 'the uploads wrote chunks');
    expect(ctx.services.files.stats().activeUploads).toBeGreaterThanOrEqual(3);
    for (const req of cuts) req.destroy();

    await eventually(() => ctx.services.files.stats().activeUploads === 0, 'every upload settled');
    await eventually(async () => (await openConnections()) === 0, 'the connections closed');
    expect(await files.countDocuments()).toBe(0);
    expect(await chunks.countDocuments()).toBe(0);

    // The server still takes uploads.
    const body = sampleBody(MP4_HEAD, 2 * CHUNK);
    const res = await fetch(`http://127.0.0.1:${port}/api/files`, {
      method: 'POST',
      headers: author.authHeader,
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([body], { type: 'video/mp4' }), 'whole.mp4');
        return form;
      })(),
    });
    expect(res.status).toBe(201);
    expect(await files.countDocuments()).toBe(1);
    expect(await chunks.countDocuments()).toBe(2);
  });

  it('mid-export (a large CSV) stops the writer, frees the connection, and the server keeps answering', async () => {
    const query = `format=csv&metrics=enrolments&by=country,course&period=day&from=2025-01-01&to=2025-12-31`;
    const req = http.get({
      port,
      host: '127.0.0.1',
      path: `/api/stats/export?${query}`,
      headers: staff.authHeader,
    });
    req.on('error', () => {});
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(200);
    // The client goes away as soon as the first bytes arrive: however fast the server writes (it
    // gives the event loop a turn after every ~64 KB piece, and the kernel takes megabytes before
    // a write has to wait), the rest of the export is still ahead of it.
    const [first] = (await once(res, 'data')) as [Buffer];
    expect(first.length).toBeGreaterThan(0);
    req.destroy();

    await eventually(
      () => logLines.some((l) => l.includes('export aborted by client')),
      'the export stopped',
    );
    const aborted = JSON.parse(logLines.find((l) => l.includes('export aborted by client')) as string);
    expect(aborted.rows).toBe(DAYS * COUNTRIES.length * COURSES.length);
    await eventually(async () => (await openConnections()) === 0, 'the connection closed');
    // The export was audited before the first byte went out, with its size.
    const audit = await ctx.db
      .collection('audit_log')
      .findOne({ action: 'stats.exported', actorId: staff.user.id });
    expect(audit?.details).toMatchObject({ format: 'csv', rows: DAYS * COUNTRIES.length * COURSES.length });

    // The server still answers, the same export in full: the client above had a small part of it.
    const again = await fetch(`http://127.0.0.1:${port}/api/stats/export?${query}`, {
      headers: staff.authHeader,
    });
    expect(again.status).toBe(200);
    const text = await again.text();
    expect(text.length).toBeGreaterThan(2_500_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(20 * first.length);
    const lines = text.trim().split('\r\n');
    expect(lines.length).toBe(1 + DAYS * COUNTRIES.length * COURSES.length + 1);
    expect(lines[lines.length - 1]).toBe(`Total,,,,${7 * DAYS * COUNTRIES.length * COURSES.length}`);
    expect(logLines.filter((l) => l.includes('export aborted by client'))).toHaveLength(1);
    expect(await ctx.db.collection('audit_log').countDocuments({ action: 'stats.exported' })).toBe(2);
  });
});
