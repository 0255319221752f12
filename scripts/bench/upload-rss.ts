import { type ChildProcess, fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { launchDatabase } from '../dev-db';
import { createUserWithToken, loadTargetConfig } from '../lib/load-target';

/**
 * `npx tsx scripts/bench/upload-rss.ts [MiB]`: starts the real server (the launcher's database,
 * createRuntime) in a child process, uploads a generated MiB-sized video (default 300) streamed
 * from a generator, then downloads it, sampling the child's VmRSS from /proc while each runs.
 * Prints the growth over the RSS just before the transfer; the goal is under 64 MiB.
 */

const MiB = 1024 * 1024;
const SAMPLE_MS = 50;
const BOUNDARY = 'upload-rss-bench-boundary';

interface Ready {
  readonly port: number;
  readonly token: string;
}

/** Child mode: the server with an author's API token, announced over IPC. */
async function serve(): Promise<void> {
  const config = loadTargetConfig();
  const runtime = await createRuntime(config, createLogger('silent'));
  const secret = await createUserWithToken(runtime.services, {
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    displayName: 'Upload bench',
    roles: ['author'],
    scopes: ['author'],
  });
  const server = runtime.app.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.send?.({ port: address.port, token: secret } satisfies Ready);
  });
  process.on('disconnect', () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}

/** `size` bytes: an MP4 header, then a reused random block (generation stays cheap). */
async function* videoBytes(size: number): AsyncGenerator<Buffer> {
  const block = randomBytes(MiB);
  const head = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0]);
  yield head;
  for (let sent = head.length; sent < size; ) {
    const n = Math.min(64 * 1024, size - sent);
    yield block.subarray(sent % (MiB - n), (sent % (MiB - n)) + n);
    sent += n;
  }
}

function vmRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/** Runs `work` while sampling the child's RSS; returns its result and the peak growth. */
async function sampled<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number }> {
  const before = vmRssBytes(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, vmRssBytes(pid));
  }, SAMPLE_MS);
  try {
    const result = await work();
    peak = Math.max(peak, vmRssBytes(pid));
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}

/** POSTs a generated file as multipart, hashing what is sent; resolves with the response body. */
async function upload(ready: Ready, size: number): Promise<{ status: number; body: string; sha256: string }> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const hash = createHash('sha256');
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of videoBytes(size)) {
      hash.update(chunk);
      yield chunk;
    }
    yield tail;
  }
  const req = http.request({
    port: ready.port,
    host: '127.0.0.1',
    method: 'POST',
    path: '/api/files',
    headers: {
      Authorization: `Bearer ${ready.token}`,
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
      'Content-Length': String(head.length + size + tail.length),
    },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  await pipeline(Readable.from(body()), req);
  const res = await response;
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode ?? 0, body: text, sha256: hash.digest('hex') };
}

/** GETs the file and counts its bytes without keeping them. */
async function download(ready: Ready, id: string): Promise<number> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http
      .get({ port: ready.port, host: '127.0.0.1', path: `/api/files/${id}` }, resolve)
      .once('error', reject);
  });
  let bytes = 0;
  for await (const chunk of res) bytes += (chunk as Buffer).length;
  return bytes;
}

const mib = (n: number) => (n / MiB).toFixed(1);

async function measure(child: ChildProcess, ready: Ready, size: number): Promise<void> {
  const pid = child.pid ?? 0;
  await upload(ready, 8 * MiB); // warm-up: code paths, GridFS indexes, socket buffers
  const up = await sampled(pid, () => upload(ready, size));
  if (up.result.status !== 201) throw new Error(`upload answered ${up.result.status}: ${up.result.body}`);
  const data = (JSON.parse(up.result.body) as { data: { id: string; size: number; sha256: string } }).data;
  if (data.size !== size || data.sha256 !== up.result.sha256)
    throw new Error('stored file differs from what was sent');
  const down = await sampled(pid, () => download(ready, data.id));
  if (down.result !== size) throw new Error(`downloaded ${down.result} of ${size} bytes`);
  process.stdout.write(
    [
      `file: ${mib(size)} MiB video, streamed from a generator; sha256 verified`,
      `upload:   server RSS ${mib(up.before)} → peak ${mib(up.peak)} MiB, growth ${mib(up.peak - up.before)} MiB`,
      `download: server RSS ${mib(down.before)} → peak ${mib(down.peak)} MiB, growth ${mib(down.peak - down.before)} MiB`,
      `goal: growth under 64 MiB → ${up.peak - up.before < 64 * MiB ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 300) * MiB;
  const db = await launchDatabase({ uri: loadTargetConfig().db.uri, log: () => {} });
  const child = fork(__filename, ['--serve'], {
    env: { ...process.env, MONGODB_URI: db.uri },
    execArgv: ['--import', 'tsx'],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    await measure(child, ready, size);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    }
    await db.stop();
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((err: unknown) => {
    process.stderr.write(`upload bench server failed: ${String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`upload bench failed: ${String(err)}\n`);
    process.exit(1);
  });
}
