import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config';
import { launchDatabase } from '../dev-db';
import { SERVER_NODE_FLAGS } from '../lib/load-target';
import { type Client, createClient, newWindow, percentile, runClosed, runPaced, type Window } from './load';
import { cores, cpuMeter, loadAverages, rssMiB } from './proc';
import { writeSection } from './report-section';
import { startBenchServer, waitForIndex } from './soak-server';
import { mixedWorkload, type Workload } from './soak-workload';

/**
 * `npm run bench:soak -- [--minutes 10] [--write]`: the real server in its own process on its own
 * database, seeded with learners, enrolments, forum threads and outreach events; measures the
 * capacity of the mixed workload (closed loop), then runs it open loop at 80 % of that for
 * `--minutes`, recording per window requests, unexpected responses, p50/p99 and the server's RSS.
 * `--rate N` runs the soak at N req/s instead (the capacity is still measured and reported).
 * `--write` puts the figures in the "soak" section of docs/benchmarks.md.
 */

/** Verdict bounds (stated in the report). */
const P99_FACTOR = 2;
const RSS_GROWTH_MIB = 32;
const LOAD_FACTOR = 0.8;
/** The closed-loop capacity measurement's default length. */
const CAPACITY_SECONDS = 30;
const RSS_SAMPLE_MS = 2000;

interface Row {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
  /** The server's queued background work at the window's end (/readyz). */
  readonly backlog: number;
  /** Cores the server and the database process (when this script started it) used in the window. */
  readonly serverCores: number;
  readonly databaseCores: number | null;
  readonly load1: string;
}

/** The server's queued background work (/readyz `background`, summed); -1 when unknown. */
async function backlogOf(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
  if (!res?.ok) return -1;
  const body = (await res.json()) as { data?: { background?: Record<string, number> } };
  return Object.values(body.data?.background ?? {}).reduce((s, n) => s + n, 0);
}

/**
 * Waits until the server has no queued background work (polling /readyz, whose details are
 * shared for 5 s); returns the seconds it took, or null after `limitSeconds`.
 */
async function drainSeconds(port: number, limitSeconds = 600): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitSeconds * 1000) {
    if ((await backlogOf(port)) === 0) return (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return null;
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${value}`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      'capacity-seconds': { type: 'string', default: String(CAPACITY_SECONDS) },
      concurrency: { type: 'string', default: '32' },
      learners: { type: 'string', default: '200' },
      // A fixed open-loop rate instead of 80 % of the measured capacity (to repeat a past run).
      rate: { type: 'string' },
      write: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  return {
    minutes,
    // A short check still needs several windows to compare the first with the last.
    windowSeconds: minutes >= 3 ? 60 : 15,
    capacitySeconds: Number(values['capacity-seconds']),
    concurrency: Number(values.concurrency),
    learners: Number(values.learners),
    rate: values.rate === undefined ? undefined : positive(values.rate, '--rate'),
    write: values.write,
  };
}

function errorLines(windows: readonly Window[]): string[] {
  const all = new Map<string, number>();
  for (const w of windows) for (const [k, n] of w.errorSamples) all.set(k, (all.get(k) ?? 0) + n);
  return [...all].map(([k, n]) => `  ${n} × ${k}`);
}

/** Open loop at `rate` for the run, one window per `windowSeconds`, sampling the server's RSS. */
async function soak(
  client: Client,
  workload: Workload,
  server: { pid: number; port: number },
  rate: number,
  o: ReturnType<typeof options>,
  dbPid: number | undefined,
) {
  const count = Math.round((o.minutes * 60) / o.windowSeconds);
  const windows = Array.from({ length: count }, newWindow);
  const rss: number[][] = windows.map(() => []);
  const loads: string[] = windows.map(() => '');
  const backlogs: number[] = windows.map(() => -1);
  // Cores per window, [server, database], from a meter restarted at each window's end.
  const pids = dbPid ? [server.pid, dbPid] : [server.pid];
  const cpu: number[][] = [];
  let meter = cpuMeter(pids);
  const started = Date.now();
  const indexOf = (ms: number) => Math.min(count - 1, Math.floor(ms / 1000 / o.windowSeconds));
  const windowTimer = setInterval(() => {
    cpu.push(meter().perPid);
    meter = cpuMeter(pids);
  }, o.windowSeconds * 1000);
  const sampler = setInterval(() => {
    const i = indexOf(Date.now() - started);
    rss[i]?.push(rssMiB(server.pid));
    loads[i] = loadAverages().split(' / ')[0] as string;
    void backlogOf(server.port).then((n) => {
      backlogs[i] = n;
    });
  }, RSS_SAMPLE_MS);
  await runPaced(client, () => workload.next(), {
    rate,
    seconds: o.minutes * 60,
    maxInFlight: 256,
    windowOf: (ms) => windows[indexOf(ms)] as Window,
  });
  clearInterval(sampler);
  clearInterval(windowTimer);
  if (cpu.length < count) cpu.push(meter().perPid);
  const rows: Row[] = windows.map((w, i) => ({
    requests: w.requests,
    rps: w.requests / o.windowSeconds,
    errors: w.errors,
    p50: percentile(w.latencies, 50),
    p99: percentile(w.latencies, 99),
    rssMiB: (rss[i] ?? []).reduce((s, x) => s + x, 0) / Math.max(1, rss[i]?.length ?? 0),
    backlog: backlogs[i] ?? -1,
    serverCores: cpu[i]?.[0] ?? Number.NaN,
    databaseCores: dbPid ? (cpu[i]?.[1] ?? Number.NaN) : null,
    load1: loads[i] ?? '',
  }));
  return { rows, errors: errorLines(windows) };
}

/** Per request type at capacity: count, p50, p99. */
function labelTable(w: Window): string {
  const lines = ['| request | count | p50 ms | p99 ms |', '| --- | ---: | ---: | ---: |'];
  for (const [label, ms] of [...w.byLabel].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`| ${label} | ${ms.length} | ${percentile(ms, 50)} | ${percentile(ms, 99)} |`);
  }
  return lines.join('\n');
}

function verdicts(rows: readonly Row[]): string[] {
  const first = rows[0] as Row;
  const last = rows[rows.length - 1] as Row;
  const errors = rows.reduce((s, r) => s + r.errors, 0);
  const growth = last.rssMiB - first.rssMiB;
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return [
    `${mark(errors === 0)} zero errors: ${errors} unexpected responses`,
    `${mark(last.p99 <= P99_FACTOR * first.p99)} p99 stable: last window ${last.p99} ms vs first ${first.p99} ms (bound ×${P99_FACTOR})`,
    `${mark(growth <= RSS_GROWTH_MIB)} RSS flat: last window ${last.rssMiB.toFixed(0)} MiB − first ${first.rssMiB.toFixed(0)} MiB = ${growth.toFixed(1)} MiB (bound ${RSS_GROWTH_MIB} MiB)`,
  ];
}

function table(rows: readonly Row[], windowSeconds: number): string {
  const lines = [
    `| ${windowSeconds === 60 ? 'minute' : `${windowSeconds} s window`} | requests | req/s | errors | p50 ms | p99 ms | server RSS MiB | background backlog | server cores | database cores | load (1 min) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach((r, i) => {
    lines.push(
      `| ${i + 1} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.errors} | ${r.p50} | ${r.p99} | ${r.rssMiB.toFixed(0)} | ${r.backlog} | ${cores(r.serverCores)} | ${r.databaseCores === null ? '–' : cores(r.databaseCores)} | ${r.load1} |`,
    );
  });
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = options();
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await launchDatabase({ uri: loadConfig().db.uri, log: () => {} });
  const seed = { learners: o.learners, threads: 16, postsPerThread: 8 };
  log(`seeding ${JSON.stringify(seed)} …`);
  const seedStarted = Date.now();
  const server = await startBenchServer(db.uri, `bench_soak_${Date.now()}`, seed);
  log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);
  const client = createClient([server.port], o.concurrency);
  try {
    await waitForIndex(server.port);
    const fixtures = server.fixtures;
    if (!fixtures) throw new Error('the seeding server returned no fixtures');
    const workload = mixedWorkload(fixtures);
    log(`warm-up 10 s, then capacity: closed loop, ${o.concurrency} connections, ${o.capacitySeconds} s`);
    await runClosed(client, () => workload.next(), o.concurrency, 10);
    await drainSeconds(server.port);
    const meter = cpuMeter([server.pid]);
    const cap = await runClosed(client, () => workload.next(), o.concurrency, o.capacitySeconds);
    // Requests leave background work (progress to apply, statistics to deliver) that the server
    // does later; the rate it can sustain counts the time that work takes too.
    const drained = await drainSeconds(server.port);
    const capCpu = meter();
    const burst = cap.requests / cap.seconds;
    const capacity = cap.requests / (cap.seconds + (drained ?? 0));
    const rate = o.rate ?? Math.floor(capacity * LOAD_FACTOR);
    const share =
      o.rate === undefined
        ? `${LOAD_FACTOR * 100} % of capacity`
        : `${((rate / capacity) * 100).toFixed(0)} % of the capacity measured, fixed by --rate`;
    const capLine = `capacity ${capacity.toFixed(0)} req/s sustained: ${cap.requests} requests in ${cap.seconds.toFixed(0)} s closed loop (${burst.toFixed(0)} req/s) + ${drained === null ? 'more than 600' : drained.toFixed(0)} s until the server's background work was done (p50 ${percentile(cap.latencies, 50)} ms, p99 ${percentile(cap.latencies, 99)} ms, ${cap.errors} unexpected; CPU cores over both: server ${cores(capCpu.servers)}, load generator ${cores(capCpu.generator)}, whole machine ${cores(capCpu.machine)})`;
    const perLabel = labelTable(cap);
    log(`${capLine}\n${perLabel}`);
    for (const e of errorLines([cap])) log(e);
    const loadBefore = loadAverages();
    log(`soak: ${rate} req/s (${share}) for ${o.minutes} min; load average ${loadBefore}`);
    const soakMeter = cpuMeter([server.pid]);
    const result = await soak(client, workload, server, rate, o, db.pid);
    const soakCpu = soakMeter();
    const loadAfter = loadAverages();
    const out = [
      table(result.rows, o.windowSeconds),
      '',
      ...verdicts(result.rows),
      `offered ${rate} req/s, completed ${(result.rows.reduce((n, r) => n + r.requests, 0) / (o.minutes * 60)).toFixed(1)} req/s`,
      ...(result.errors.length > 0 ? ['unexpected responses:', ...result.errors] : []),
      `CPU cores during the soak: server ${cores(soakCpu.servers)}, load generator ${cores(soakCpu.generator)}, whole machine ${cores(soakCpu.machine)} of ${cpus().length}`,
      `load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}`,
    ];
    log(`\n${out.join('\n')}`);
    if (o.write) writeSection('soak', report(o, workload, `${capLine}\n\n${perLabel}`, out, share));
  } finally {
    client.close();
    await server.stop();
    await db.stop();
  }
}

function report(
  o: ReturnType<typeof options>,
  workload: Workload,
  capLine: string,
  out: string[],
  share: string,
): string {
  const [rows, , ...rest] = out;
  const mix = Object.entries(workload.weights)
    .map(([k, w]) => `${k} ${w} %`)
    .join(', ');
  const rateArg =
    (o.rate === undefined ? '' : ` --rate ${o.rate}`) +
    (o.capacitySeconds === CAPACITY_SECONDS ? '' : ` --capacity-seconds ${o.capacitySeconds}`);
  return `### Soak: \`npm run bench:soak -- --minutes ${o.minutes}${rateArg} --write\`

- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; server flags: ${SERVER_NODE_FLAGS.join(' ') || 'none'}
- mix: ${mix}
- ${capLine}

Soak at ${share}, open loop (latency counted from each request's scheduled time):

${rows}

${rest.map((l) => (l.startsWith('  ') ? `    ${l.trim()}` : `- ${l}`)).join('\n')}`;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
