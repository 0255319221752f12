import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { PROJECT_ROOT } from '../server/shared/paths';

/** A database the app can use, and how to stop what the launcher started. */
export interface LaunchedDatabase {
  readonly uri: string;
  readonly kind: 'external' | 'mongod' | 'ferretdb' | 'memory-server';
  /** The server's process id when this script started it (benches read its CPU from /proc). */
  readonly pid?: number;
  /** Stops the server; `SIGKILL` kills it at once, as a crash would (the fault tests). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface LaunchOptions {
  /** An explicit MONGODB_URI: used as is, nothing is started. */
  readonly uri?: string | undefined;
  /** Persistent data folder (npm start); omitted → a temp folder removed on stop (tests). */
  readonly dataDir?: string | undefined;
  /** A fixed loopback port (e.g. to restart on the same address); default: a free one. */
  readonly port?: number | undefined;
  readonly log?: (message: string) => void;
}

const READY_TIMEOUT_MS = 60_000;
const ROOT = PROJECT_ROOT;

/**
 * Finds or starts a MongoDB-compatible server: MONGODB_URI → `mongod` on PATH → FerretDB 1.24
 * (built from scripts/ferretdb) → mongodb-memory-server when installed. Waits for `ping`.
 */
export async function launchDatabase(options: LaunchOptions = {}): Promise<LaunchedDatabase> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  if (options.uri) return { uri: options.uri, kind: 'external', stop: async () => {} };

  const temp = options.dataDir === undefined;
  const dir = options.dataDir
    ? path.resolve(options.dataDir)
    : mkdtempSync(path.join(tmpdir(), 'learning-hub-db-'));
  const cleanup = () => (temp ? rmSync(dir, { recursive: true, force: true }) : undefined);
  const port = options.port ?? (await freePort());

  let child: ChildProcess;
  let kind: LaunchedDatabase['kind'];
  if (onPath('mongod')) {
    kind = 'mongod';
    mkdirSync(path.join(dir, 'mongod'), { recursive: true });
    child = spawn(
      'mongod',
      ['--dbpath', path.join(dir, 'mongod'), '--port', String(port), '--bind_ip', '127.0.0.1'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  } else if (onPath('go') || ferretBinaryExists()) {
    kind = 'ferretdb';
    const bin = buildFerretDb();
    const sqliteDir = path.join(dir, 'ferretdb');
    child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', sqliteDir, '-log-level', 'error'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } else {
    return launchMemoryServer(log);
  }

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
    cleanup();
  };
  const uri = `mongodb://127.0.0.1:${port}/learning-hub`;
  try {
    await waitForPing(uri, child);
  } catch (err) {
    await stop();
    throw err;
  }
  log(`database: ${kind} on ${uri} (data in ${dir})`);
  return { uri, kind, stop, ...(child.pid ? { pid: child.pid } : {}) };
}

// Plain JavaScript so that npm's postinstall can run it before anything is compiled.
const ferretdb = require(path.join(ROOT, 'scripts', 'ferretdb', 'build.cjs')) as {
  build(): string;
  binaryPath(): string;
};

/** The FerretDB binary's path, building it on first use. */
export function buildFerretDb(): string {
  return ferretdb.build();
}

function ferretBinaryExists(): boolean {
  return existsSync(ferretdb.binaryPath());
}

async function launchMemoryServer(log: (m: string) => void): Promise<LaunchedDatabase> {
  const moduleName = 'mongodb-memory-server';
  let mod: { MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<boolean> }> } };
  try {
    mod = await import(moduleName);
  } catch {
    throw new Error(
      'No database: set MONGODB_URI, put mongod on PATH, install Go (to build FerretDB), or npm i -D mongodb-memory-server',
    );
  }
  const server = await mod.MongoMemoryServer.create();
  log(`database: mongodb-memory-server on ${server.getUri()}`);
  return { uri: server.getUri(), kind: 'memory-server', stop: async () => void (await server.stop()) };
}

async function waitForPing(uri: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database process exited with code ${child.exitCode}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch {
      await delay(200);
    } finally {
      await client.close().catch(() => {});
    }
  }
  throw new Error(`database did not answer ping within ${READY_TIMEOUT_MS / 1000} s`);
}

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

if (require.main === module) {
  // `tsx scripts/dev-db.ts [dataDir]`: run a local database in the foreground.
  launchDatabase({ dataDir: process.argv[2] ?? '.data' }).then((db) => {
    process.stdout.write(`MONGODB_URI=${db.uri}\n`);
    const stop = () => void db.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
