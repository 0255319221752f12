import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mongoose from 'mongoose';

/**
 * Bench diagnostics (BENCH_DB_PROFILE=<file>): every connection the process opens monitors its
 * commands; per command shape (command, collection, filter keys) the count, total and slowest time
 * of the last 30 s are appended to the file every 30 s, slowest total first (each dump covers its
 * own 30 s, so a stall shows in the dump of its window). Shapes only: no values, no personal data.
 */
export function profileDatabaseCommands(file: string): void {
  const stats = new Map<string, { n: number; ms: number; max: number }>();
  const started = new Map<number, string>();
  const original = mongoose.createConnection.bind(mongoose);
  (mongoose as { createConnection: unknown }).createConnection = (uri: string, options?: object) => {
    const connection = original(uri, { ...options, monitorCommands: true });
    connection.asPromise().then(
      () => {
        const client = connection.getClient();
        client.on('commandStarted', (e) => {
          const cmd = e.command as Record<string, unknown>;
          const filter = (cmd.filter ??
            cmd.q ??
            (cmd.updates as { q?: object }[] | undefined)?.[0]?.q ??
            (cmd.deletes as { q?: object }[] | undefined)?.[0]?.q ??
            cmd.query ??
            (cmd.pipeline as object[] | undefined)?.[0]) as Record<string, unknown> | undefined;
          const coll = String(cmd[e.commandName] ?? '');
          started.set(e.requestId, `${e.commandName} ${coll} ${JSON.stringify(Object.keys(filter ?? {}))}`);
        });
        const done = (e: { requestId: number; duration: number }) => {
          const key = started.get(e.requestId);
          if (!key) return;
          started.delete(e.requestId);
          const s = stats.get(key) ?? { n: 0, ms: 0, max: 0 };
          s.n++;
          s.ms += e.duration;
          s.max = Math.max(s.max, e.duration);
          stats.set(key, s);
        };
        client.on('commandSucceeded', done);
        client.on('commandFailed', done);
      },
      () => {},
    );
    return connection;
  };
  // The process's own state per window: a busy event loop inflates every command's time alike.
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  let cpu = process.cpuUsage();
  setInterval(() => {
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    stats.clear();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const self = `process: ${((used.user + used.system) / 30e6).toFixed(2)} cores, event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`;
    loop.reset();
    appendFileSync(
      file,
      `--- ${new Date().toISOString()} pid ${process.pid} (last 30 s: total, count, slowest; ${self})\n${rows.map(([k, s]) => `${s.ms.toFixed(0).padStart(9)} ms ${String(s.n).padStart(6)} × max ${s.max.toFixed(0).padStart(6)} ms ${k}`).join('\n')}\n`,
    );
  }, 30_000).unref();
}
