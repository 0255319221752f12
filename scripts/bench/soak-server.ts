import { fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { startServer } from '../../server/main';
import { createLogger } from '../../server/shared/logger';
import { loadTargetConfig, SERVER_NODE_FLAGS } from '../lib/load-target';
import { profileDatabaseCommands } from './db-profile';
import { type SoakFixtures, type SoakSeedOptions, seedSoak } from './soak-seed';

const STOP_TIMEOUT_MS = 30_000;

/** What a server process announces over IPC once it listens. */
interface Ready {
  readonly port: number;
  readonly fixtures?: SoakFixtures;
}

/** A running bench server process: its port, pid (for /proc), fixtures when it seeded, and stop(). */
export interface BenchServer extends Ready {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the real server (startServer, as `npm start` does: production settings, info logs to
 * /dev/null unless BENCH_SERVER_LOG names a file) in its own process on database `dbName` at `uri`. With `seed`, it seeds first and
 * returns the fixtures; start one seeding process, then any number of plain ones.
 */
export async function startBenchServer(
  uri: string,
  dbName: string,
  seed?: SoakSeedOptions,
): Promise<BenchServer> {
  const child = fork(__filename, ['--serve'], {
    env: {
      ...process.env,
      MONGODB_URI: uri,
      SOAK_DB_NAME: dbName,
      SOAK_SEED: seed ? JSON.stringify(seed) : '',
    },
    execArgv: ['--import', 'tsx', ...SERVER_NODE_FLAGS],
    // BENCH_SERVER_LOG=<file> keeps the servers' logs (appended), e.g. to read a 500's stack.
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore',
      'inherit',
      'ipc',
    ],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    ...ready,
    pid: child.pid as number,
    async stop() {
      if (child.connected) child.disconnect();
      // A server overloaded by the run may still be finishing its backlog: bounded wait.
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Polls /readyz until the server's embedded index holds everything seeded. */
export async function waitForIndex(port: number, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    const body = res?.ok ? ((await res.json()) as { data?: { searchSync?: { pending?: boolean } } }) : null;
    if (body?.data?.searchSync?.pending === false) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('search index did not catch up');
}

/** Child mode: the server on its own database, seeded when SOAK_SEED holds options. */
async function serve(): Promise<void> {
  if (process.env.BENCH_DB_PROFILE) profileDatabaseCommands(process.env.BENCH_DB_PROFILE);
  const dbName = process.env.SOAK_DB_NAME ?? 'bench_soak';
  const config = loadTargetConfig({
    MONGODB_URI: withDbName(process.env.MONGODB_URI ?? '', dbName),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
  });
  const logger = createLogger(config.log.level);
  const seed = process.env.SOAK_SEED ? (JSON.parse(process.env.SOAK_SEED) as SoakSeedOptions) : undefined;
  let fixtures: SoakFixtures | undefined;
  const running = await startServer(config, logger, async (runtime) => {
    if (seed) fixtures = await seedSoak(runtime.services, seed, (m) => process.stderr.write(`${m}\n`));
  });
  // As behind a load balancer: idle keep-alive connections outlive the client's reuse, so a
  // request never races the server closing its socket (ECONNRESET would count as an error).
  running.server.keepAliveTimeout = 65_000;
  const port = (running.server.address() as { port: number }).port;
  process.send?.({ port, ...(fixtures ? { fixtures } : {}) } satisfies Ready);
  process.on('disconnect', () => {
    void running.close().then(() => process.exit(0));
  });
}

/** The URI with its database path replaced, so the server uses the bench's own database. */
function withDbName(uri: string, dbName: string): string {
  const url = new URL(uri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

if (process.argv.includes('--serve') && process.send) {
  serve().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
