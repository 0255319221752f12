import { fork, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/shared/paths';
import { launchDatabase } from '../dev-db';

/**
 * `npm run test:fuzz`: schemathesis (PyPI, in a virtual environment under .cache/) fuzzes every
 * operation of /openapi.json, positive and negative data, once per role and anonymously, against
 * the real server on a throwaway database. A fixed seed makes a CI failure reproducible.
 */
const SCHEMATHESIS = '4.32.5';
const VENV = path.join(PROJECT_ROOT, '.cache', 'fuzz-venv');
const REPORTS = path.join(PROJECT_ROOT, '.cache', 'fuzz-reports');
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 6);
// The coverage phase (boundary and negative values for every constraint) multiplies the run time
// by ~10; CI runs examples + fuzzing (which also generates negative data), FUZZ_PHASES widens it.
const PHASES = process.env.FUZZ_PHASES ?? 'examples,fuzzing';
// Failures of these checks fail the run: no 5xx, and every response matches its documented status,
// media type and schema; invalid input must be rejected.
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
].join(',');
const IDENTITIES = (
  process.env.FUZZ_ROLES ?? 'anonymous,learner,author,reviewer,moderator,staff,admin'
).split(',');

/** Creates the virtual environment with the pinned schemathesis unless it is already there. */
function ensureSchemathesis(): string {
  const bin = path.join(VENV, 'bin', 'schemathesis');
  const version = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(SCHEMATHESIS)) return bin;
  mkdirSync(path.dirname(VENV), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  run(python, ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS}`]);
  return bin;
}

function run(cmd: string, args: string[]): void {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

/**
 * Fuzzes the whole API as one identity; returns schemathesis' exit code. The full report goes to
 * .cache/fuzz-reports/<identity>.log (printed whole only on failure) so CI output stays readable.
 */
function fuzzAs(bin: string, base: string, identity: string, token: string | undefined): number {
  const args = [
    '--config-file',
    path.join(__dirname, 'schemathesis.toml'),
    'run',
    `${base}/openapi.json`,
    '--url',
    base,
    '--checks',
    CHECKS,
    '--mode',
    'all',
    '--seed',
    String(SEED),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--generation-database',
    'none',
    // One worker: Python 3.11's ast module is not thread-safe under hypothesis' lambda introspection.
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--suppress-health-check',
    'all',
    '--phases',
    PHASES,
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    path.join(REPORTS, `${identity}.xml`),
  ];
  if (token) args.push('--header', `Authorization: Bearer ${token}`);
  const logPath = path.join(REPORTS, `${identity}.log`);
  const log = openSync(logPath, 'w');
  const status = spawnSync(bin, args, { stdio: ['ignore', log, log] }).status ?? 1;
  closeSync(log);
  const output = readFileSync(logPath, 'utf8');
  if (status !== 0) process.stdout.write(output);
  const cases = /Test cases:\s*\n\s*(.+)/.exec(output)?.[1]?.trim() ?? 'no summary';
  process.stdout.write(
    `schemathesis as ${identity.padEnd(9)} seed ${SEED}, ≤${MAX_EXAMPLES} examples/op: ${cases} (${status === 0 ? 'ok' : 'FAILED'}; ${path.relative(PROJECT_ROOT, logPath)})\n`,
  );
  return status;
}

async function main(): Promise<void> {
  const bin = ensureSchemathesis();
  mkdirSync(REPORTS, { recursive: true });
  const db = await launchDatabase({ uri: process.env.MONGODB_URI, log: () => {} });
  const child = fork(path.join(__dirname, 'server.ts'), {
    env: { ...process.env, MONGODB_URI: db.uri },
    execArgv: ['--import', 'tsx'],
  });
  const failed: string[] = [];
  try {
    type Ready = { port: number; tokens: Record<string, string> };
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`fuzz server exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${ready.port}`;
    for (const identity of IDENTITIES) {
      const token = identity === 'anonymous' ? undefined : ready.tokens[identity];
      if (identity !== 'anonymous' && !token) throw new Error(`unknown role ${identity}`);
      if (fuzzAs(bin, base, identity, token) !== 0) failed.push(identity);
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    }
    await db.stop();
  }
  if (failed.length > 0) {
    process.stderr.write(`\nfuzzing failed as: ${failed.join(', ')} (reports in ${REPORTS})\n`);
    process.exit(1);
  }
  process.stdout.write(`\nfuzzing passed as: ${IDENTITIES.join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`fuzz run failed: ${String(err)}\n`);
  process.exit(1);
});
