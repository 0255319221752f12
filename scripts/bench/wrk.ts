import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Call } from './load';

/**
 * wrk (Debian package `wrk`, a C load generator) as the bench's client: it costs a small
 * fraction of a core where the Node client costs a large one, which matters on a 2-core machine
 * where the generator competes with the servers it measures. The calls of a workload are
 * replayed in order from a Lua table; a response whose status no call of the workload expects
 * counts as unexpected.
 */

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses with a status no call expects, plus socket errors and timeouts. */
  readonly errors: number;
  /** CPU seconds wrk itself used (user + system). */
  readonly cpuSeconds: number;
}

/** The wrk binary when installed (WRK_BIN overrides), else null. */
export function findWrk(): string | null {
  const bin = process.env.WRK_BIN ?? 'wrk';
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).error ? null : bin;
}

const lua = (value: string) => JSON.stringify(value); // JSON string escapes are valid Lua escapes

/** The Lua script: requests built in init() (wrk.host is known there), a JSON summary in done(). */
function script(calls: readonly Call[]): string {
  const expected = [...new Set(calls.flatMap((c) => c.expect))];
  const requests = calls.map((c) => {
    const headers = Object.entries({
      ...(c.headers ?? {}),
      ...(c.body ? { 'content-type': 'application/json' } : {}),
    })
      .map(([k, v]) => `[${lua(k)}]=${lua(v)}`)
      .join(',');
    return `  reqs[#reqs+1] = wrk.format(${lua(c.method)}, ${lua(c.path)}, {${headers}}${c.body ? `, ${lua(c.body)}` : ''})`;
  });
  return `local threads = {}
function setup(thread) table.insert(threads, thread) end
local reqs = {}
local i = 0
local ok = {${expected.map((s) => `[${s}]=true`).join(',')}}
function init(args)
  unexpected = 0
${requests.join('\n')}
  i = math.random(#reqs) - 1
end
function request() i = i % #reqs + 1 return reqs[i] end
function response(status, headers, body) if not ok[status] then unexpected = unexpected + 1 end end
function done(summary, latency, requests)
  local u = 0
  for _, t in ipairs(threads) do u = u + t:get("unexpected") end
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"us":%d,"p50":%d,"p99":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    u + e.connect + e.read + e.write + e.timeout))
end
`;
}

/**
 * Runs wrk against `port` for `seconds` with `connections` keep-alive connections on one
 * thread, replaying `calls`. Resolves with its counts and latency percentiles (ms).
 */
export function runWrk(
  bin: string,
  port: number,
  calls: readonly Call[],
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-wrk-'));
  const file = path.join(dir, 'workload.lua');
  writeFileSync(file, script(calls));
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', file];
  // bash's `times` reports the CPU its children (wrk) used: the generator's cost on the machine.
  const command = `"$0" "$@"; status=$?; times; exit $status`;
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', command, bin, ...args, `http://127.0.0.1:${port}`], (err, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      const line = /WRK_RESULT (\{.*\})/.exec(stdout)?.[1];
      if (err || !line) return reject(err ?? new Error(`wrk printed no result:\n${stdout}`));
      const r = JSON.parse(line) as {
        requests: number;
        us: number;
        p50: number;
        p99: number;
        errors: number;
      };
      resolve({
        requests: r.requests,
        seconds: r.us / 1e6,
        p50: r.p50 / 1000,
        p99: r.p99 / 1000,
        errors: r.errors,
        cpuSeconds: childCpu(stdout),
      });
    });
  });
}

/** Sums the children's user and system time from the last line of bash's `times` (e.g. "0m1.20s 0m0.31s"). */
function childCpu(stdout: string): number {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return [...last.matchAll(/(\d+)m([\d.]+)s/g)].reduce((s, m) => s + Number(m[1]) * 60 + Number(m[2]), 0);
}
