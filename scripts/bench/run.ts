import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../../server/config';
import { launchDatabase } from '../dev-db';
import { type BenchEndpoint, ENDPOINTS } from './endpoints';
import { progressIngestionReport } from './progress';
import { writeSection } from './report-section';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
// `BENCH_ONLY=<text>`: measure only the endpoints whose name contains it, print, write nothing.
const ONLY = process.env.BENCH_ONLY;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Row {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(port: number, e: BenchEndpoint): Promise<Row> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${e.path}`,
    method: e.method ?? 'GET',
    headers: { ...(e.body ? { 'content-type': 'application/json' } : {}), ...e.headers },
    ...(e.body ? { body: e.body } : {}),
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  return {
    name: e.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** Starts the database and the server process, measures every endpoint, writes its section of docs/benchmarks.md. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await launchDatabase({ uri: config.db.uri, log: () => {} });
  const child = fork(path.join(__dirname, 'server.ts'), {
    env: { ...process.env, MONGODB_URI: db.uri },
    execArgv: ['--import', 'tsx'],
  });
  try {
    type Ports = { appPort: number; baselinePort: number; extra?: BenchEndpoint[] };
    const ports = await new Promise<Ports>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ports));
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    process.stdout.write(`warming up, then ${DURATION_S} s per endpoint, ${CONNECTIONS} connections\n`);
    await autocannon({
      url: `http://127.0.0.1:${ports.appPort}/healthz`,
      duration: 2,
      connections: CONNECTIONS,
    });
    const baseline = await measure(ports.baselinePort, {
      name: 'baseline: bare Express JSON route',
      path: '/ping',
    });
    const rows = [baseline];
    // Endpoints whose paths depend on seeded data (forum thread ids, tokens) come from the server.
    for (const e of [...ENDPOINTS, ...(ports.extra ?? [])])
      if (!ONLY || e.name.includes(ONLY)) rows.push(await measure(ports.appPort, e));
    const table = render(rows, baseline.rps);
    process.stdout.write(`\n${table}\n`);
    if (ONLY) return;
    writeReport(table, db.kind);
    process.stdout.write(`\n${await progressIngestionReport(db.uri)}\n`);
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    await db.stop();
  }
}

function render(rows: readonly Row[], baseline: number): string {
  const lines = [
    '| endpoint | req/s | p50 ms | p99 ms | ratio to baseline | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${(r.rps / baseline).toFixed(2)} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

/** Replaces only this script's section of docs/benchmarks.md (other scripts own the rest). */
function writeReport(table: string, dbKind: string): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeSection(
    'endpoints',
    `## Endpoints (\`npm run bench\`)

Measured by \`npm run bench\` (scripts/bench/run.ts): the real app and, in the same server process, a
bare Express JSON route as the baseline; autocannon runs in a separate process. Ratios are to
that baseline measured in the same run, so they compare across machines better than req/s do.

- date: ${new Date().toISOString().slice(0, 10)}
- machine: ${cpus().length} × ${cpu}, Node ${process.version}
- database: ${dbKind}; ${CONNECTIONS} connections; ${DURATION_S} s per endpoint

${table}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String(err)}\n`);
  process.exit(1);
});
