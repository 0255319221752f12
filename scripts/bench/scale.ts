import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config';
import { launchDatabase } from '../dev-db';
import { SERVER_NODE_FLAGS } from '../lib/load-target';
import { type Call, createClient, percentile, runClosed } from './load';
import { cores, cpuMeter, loadAverages } from './proc';
import { writeSection } from './report-section';
import { startBenchServer, waitForIndex } from './soak-server';
import { readHeavyWorkload } from './soak-workload';
import { findWrk, runWrk } from './wrk';

/**
 * `npm run bench:scale -- [--seconds 20] [--rounds 3] [--write]`: read-heavy traffic against one
 * server process, then against two on the same database (two ports, round-robin per request in
 * the load generator), with the same total connections. Rounds alternate the order, so drift
 * from other work on the machine hits both sides; the ratio is of the medians. Each process has
 * its own embedded search index, built from the database by its own sync job. With `wrk` on PATH
 * (Debian package) it generates the load (one wrk per port, the workload's calls replayed from a
 * Lua table) — a C client costs far less CPU than the Node one, which otherwise takes a share of
 * the 2 cores the servers are measured on; `--client node` forces the Node client.
 */

interface Run {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
  readonly cpu: ReturnType<ReturnType<typeof cpuMeter>>;
  /** Cores the database process used (0 when it was not started by this script). */
  readonly database: number;
  readonly load1: string;
}

const GOAL = 1.6;
const CALLS = 4000;

function options() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      client: { type: 'string', default: 'auto' },
      write: { type: 'boolean', default: false },
    },
  });
  return {
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    wrk: values.client === 'node' ? null : findWrk(),
    write: values.write,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** One closed-loop measurement against `ports` with `connections` in total. */
async function measure(
  ports: number[],
  pids: number[],
  calls: readonly Call[],
  o: ReturnType<typeof options> & { dbPid?: number | undefined },
): Promise<Run> {
  const meter = cpuMeter(pids);
  const dbMeter = cpuMeter(o.dbPid ? [o.dbPid] : []);
  const perPort = Math.ceil(o.connections / ports.length);
  if (o.wrk) {
    const bin = o.wrk;
    const runs = await Promise.all(ports.map((p) => runWrk(bin, p, calls, perPort, o.seconds)));
    const cpu = meter();
    const seconds = Math.max(...runs.map((r) => r.seconds));
    return {
      rps: runs.reduce((s, r) => s + r.requests, 0) / seconds,
      p99: Math.max(...runs.map((r) => r.p99)),
      errors: runs.reduce((s, r) => s + r.errors, 0),
      cpu: { ...cpu, generator: runs.reduce((s, r) => s + r.cpuSeconds, 0) / seconds },
      database: dbMeter().servers,
      load1: loadAverages().split(' / ')[0] as string,
    };
  }
  const client = createClient(ports, perPort);
  try {
    let i = 0;
    const w = await runClosed(client, () => calls[i++ % calls.length] as Call, o.connections, o.seconds);
    return {
      rps: w.requests / w.seconds,
      p99: percentile(w.latencies, 99),
      errors: w.errors,
      cpu: meter(),
      database: dbMeter().servers,
      load1: loadAverages().split(' / ')[0] as string,
    };
  } finally {
    client.close();
  }
}

/** Waits (≤ 3 min) until the database process uses under 0.1 core over 3 s; no-op without its pid. */
async function waitForQuietDatabase(pid: number | undefined, log: (m: string) => void): Promise<void> {
  if (!pid) return;
  const started = Date.now();
  for (;;) {
    const meter = cpuMeter([pid]);
    await new Promise((r) => setTimeout(r, 3000));
    const busy = meter().servers;
    if (busy < 0.1 || Date.now() - started > 180_000) {
      log(
        `database at ${busy.toFixed(2)} core after ${((Date.now() - started) / 1000).toFixed(0)} s of waiting for background work to settle`,
      );
      return;
    }
  }
}

const line = (label: string, r: Run) =>
  `| ${label} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.errors} | ${cores(r.cpu.servers)} | ${cores(r.cpu.generator)} | ${cores(r.database)} | ${cores(r.cpu.machine)} | ${r.load1} |`;

async function main(): Promise<void> {
  const o = options();
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await launchDatabase({ uri: loadConfig().db.uri, log: () => {} });
  const dbName = `bench_scale_${Date.now()}`;
  const a = await startBenchServer(db.uri, dbName, { learners: 8, threads: 16, postsPerThread: 8 });
  const b = await startBenchServer(db.uri, dbName);
  try {
    await Promise.all([waitForIndex(a.port), waitForIndex(b.port)]);
    // Seeding leaves background work (statistics rollups, announcements) for the database: measure
    // the steady state after it, not the two processes' start-up sweeps competing with the reads.
    await waitForQuietDatabase(db.pid, log);
    if (!a.fixtures) throw new Error('the seeding server returned no fixtures');
    const workload = readHeavyWorkload(a.fixtures);
    // The same seeded sequence of calls for every measurement and either client.
    const calls = Array.from({ length: CALLS }, () => workload.next());
    log(
      `warm-up, then ${o.rounds} rounds of ${o.seconds} s each: one process vs two, ${o.connections} connections`,
    );
    await measure([a.port, b.port], [a.pid, b.pid], calls, { ...o, seconds: 10, dbPid: db.pid });
    const rows: string[] = [];
    const one: number[] = [];
    const two: number[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 === 1 ? [1, 2] : [2, 1];
      for (const n of order) {
        const r =
          n === 1
            ? await measure([a.port], [a.pid], calls, { ...o, dbPid: db.pid })
            : await measure([a.port, b.port], [a.pid, b.pid], calls, { ...o, dbPid: db.pid });
        (n === 1 ? one : two).push(r.rps);
        rows.push(line(`round ${round}, ${n === 1 ? 'one process' : 'two processes'}`, r));
        log(rows[rows.length - 1] as string);
      }
    }
    const ratio = median(two) / median(one);
    const verdict = `${ratio >= GOAL ? 'PASS' : 'FAIL'} scale-out: two processes ${median(two).toFixed(0)} req/s vs one ${median(one).toFixed(0)} req/s (medians) = ×${ratio.toFixed(2)} (goal ×${GOAL})`;
    log(verdict);
    if (o.write) writeSection('scale', report(o, workload.weights, rows, verdict));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await db.stop();
  }
}

function report(
  o: ReturnType<typeof options>,
  weights: Readonly<Record<string, number>>,
  rows: string[],
  verdict: string,
): string {
  const mix = Object.entries(weights)
    .map(([k, w]) => `${k} ${w} %`)
    .join(', ');
  return `### Scale-out: \`npm run bench:scale -- --seconds ${o.seconds} --rounds ${o.rounds}${o.wrk ? '' : ' --client node'} --write\`

- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; server flags: ${SERVER_NODE_FLAGS.join(' ') || 'none'}
- read-heavy mix (anonymous, four languages): ${mix}
- closed loop, ${o.connections} keep-alive connections in total, ${o.seconds} s per measurement; client: ${o.wrk ? 'wrk (one per port, connections split between them)' : 'the Node client (two ports: round-robin per request)'}
- CPU columns are cores used during the measurement: the server process(es), the load generator (${o.wrk ? 'wrk' : 'one Node process, so at most one core'}; not pinned), the database server (FerretDB when the script started it), and the whole machine (includes the database and anything else running)

| run | req/s | p99 ms | errors | server cores | generator cores | database cores | machine cores | load (1 min) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

- ${verdict}`;
}

main().catch((err: unknown) => {
  process.stderr.write(`scale bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
