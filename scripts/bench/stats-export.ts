import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { COUNT_METRICS } from '../../server/modules/outreach/outreach.vocabulary';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../server/shared/logger';
import { createUserWithToken, loadTargetConfig, SERVER_NODE_FLAGS } from '../lib/load-target';
import { rssMiB } from './proc';

/**
 * The dimensions of bench:stats's export. A country belongs to one UNESCO region and possibly
 * focus groupings, so by region a cell counts in several rows: over the bench's 1,000,000 events
 * (2024–2025, day rows) course × country × region × audience gives 1,093,839 rows, the issue's
 * "1,000,000-row export"; course × region × audience × gender gave 928,854. BENCH_EXPORT_BY
 * (comma-separated) overrides it.
 */
export const EXPORT_BY = (process.env.BENCH_EXPORT_BY ?? 'course,country,region,audience').split(',');

/** bench:stats's export query: every count metric by day × EXPORT_BY over [from, to]. */
export function benchExportQuery(from = '2024-01-01', to = '2025-12-31') {
  return {
    format: 'csv',
    metrics: Object.keys(COUNT_METRICS).join(','),
    by: EXPORT_BY.join(','),
    period: 'day',
    from,
    to,
  };
}

/**
 * The export half of `bench:stats`: the real server (createRuntime) in a child process on the
 * bench database, a staff token, and one `GET /api/stats/export?format=csv` streamed and counted
 * by the parent while it samples the child's VmRSS.
 */

interface Ready {
  readonly port: number;
  readonly token: string;
}

export interface ExportFigures {
  readonly rows: number;
  readonly bytes: number;
  readonly ms: number;
  readonly rssBeforeMiB: number;
  readonly rssPeakMiB: number;
}

const SAMPLE_MS = 50;
const SETTLE_MS = 5000;

/** Child mode (`--serve <dbName>`): the server with a staff API token, announced over IPC. */
export async function serveExports(dbName: string): Promise<void> {
  const runtime = await createRuntime(loadTargetConfig(), createLogger('silent'), dbName);
  const token = await createUserWithToken(runtime.services, {
    email: `bench-${randomBytes(6).toString('hex')}@example.test`,
    displayName: 'Statistics bench',
    roles: ['staff'],
  });
  // BENCH_MEMLOG=<file>: the server's process.memoryUsage() once a second (diagnosing export growth).
  const memlog = process.env.BENCH_MEMLOG;
  if (memlog) {
    const started = Date.now();
    setInterval(() => {
      const m = process.memoryUsage();
      const mib = (n: number) => (n / 1048576).toFixed(1);
      appendFileSync(
        memlog,
        `${((Date.now() - started) / 1000).toFixed(0)}s rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} heapTotal ${mib(m.heapTotal)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}\n`,
      );
    }, 1000).unref();
  }
  const server = runtime.app.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.send?.({ port: address.port, token } satisfies Ready);
  });
  process.on('disconnect', () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}

/** GETs the export, counting lines and bytes without keeping them. */
async function download(
  ready: Ready,
  query: Record<string, string>,
): Promise<{ lines: number; bytes: number }> {
  const path = `/api/stats/export?${new URLSearchParams(query)}`;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http
      .get(
        { port: ready.port, host: '127.0.0.1', path, headers: { Authorization: `Bearer ${ready.token}` } },
        resolve,
      )
      .once('error', reject);
  });
  if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  }
  return { lines, bytes };
}

/**
 * Starts the server on `dbName`, warms it up with `warmup` (a small export), then measures
 * `query`: data rows (lines minus header and totals), bytes, time and the server's RSS.
 */
export async function measureExport(
  script: string,
  uri: string,
  dbName: string,
  warmup: Record<string, string>,
  query: Record<string, string>,
): Promise<ExportFigures> {
  const child = fork(script, ['--serve', dbName], {
    env: { ...process.env, MONGODB_URI: uri },
    // The production flags (SERVER_NODE_FLAGS); BENCH_SERVER_FLAGS replaces them for experiments.
    execArgv: ['--import', 'tsx', ...SERVER_NODE_FLAGS],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const pid = child.pid ?? 0;
    await download(ready, warmup);
    // Let start-up work (index builds, caches) settle, so the growth measured is the export's.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssBeforeMiB = rssMiB(pid);
    let rssPeakMiB = rssBeforeMiB;
    const timer = setInterval(() => {
      rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
    }, SAMPLE_MS);
    const started = Date.now();
    try {
      const got = await download(ready, query);
      rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
      return { rows: got.lines - 2, bytes: got.bytes, ms: Date.now() - started, rssBeforeMiB, rssPeakMiB };
    } finally {
      clearInterval(timer);
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    }
  }
}
