import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Linux /proc readings for the bench scripts: a process's RSS and CPU, the machine's CPU and load. */

const TICKS_PER_SECOND = 100;

/** Resident set size of process `pid` in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) / 1024 : 0;
}

/** CPU seconds (user + system) process `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds every core of the machine has spent busy (not idle or waiting) so far. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  const total = ticks.reduce((s, t) => s + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}

/** The 1, 5 and 15 minute load averages, formatted for a report. */
export function loadAverages(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** Measures CPU use (in cores) of the given processes, this process and the whole machine over a span. */
export function cpuMeter(pids: readonly number[]) {
  const t0 = process.hrtime.bigint();
  const proc0 = pids.map(cpuSeconds);
  const self0 = process.cpuUsage();
  const machine0 = machineBusySeconds();
  return () => {
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const self = process.cpuUsage(self0);
    const perPid = pids.map((pid, i) => (cpuSeconds(pid) - (proc0[i] as number)) / wall);
    return {
      servers: perPid.reduce((s, n) => s + n, 0),
      /** The same per pid, in the order given. */
      perPid,
      generator: (self.user + self.system) / 1e6 / wall,
      machine: (machineBusySeconds() - machine0) / wall,
    };
  };
}

/** Cores as a short figure, e.g. "1.42". */
export const cores = (n: number) => n.toFixed(2);
