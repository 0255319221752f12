import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';

/**
 * `npx tsx scripts/bench/ferretdb-id.ts [--docs 20000] [--binary <ferretdb-embed>]`: what the
 * FerretDB patches (scripts/ferretdb/patches.cjs, docs/database.md) change. Starts the given
 * FerretDB binary (default: the current build) on a fresh directory, inserts `--docs` documents,
 * and times reads and updates by `_id` against the same filter without the `_id` condition (a
 * scan: the baseline, same run). Run it with an unpatched build's binary to compare builds.
 */
const { values } = parseArgs({
  options: { docs: { type: 'string', default: '20000' }, binary: { type: 'string' } },
});
const N = Number(values.docs);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function timed(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / runs;
  process.stdout.write(`  ${label}: ${ms.toFixed(2)} ms each (${runs} runs)\n`);
  return ms;
}

async function main(): Promise<void> {
  const build = require('../ferretdb/build.cjs') as { build(): string };
  const binary = values.binary ?? build.build();
  const dir = mkdtempSync(path.join(tmpdir(), 'ferretdb-id-'));
  const port = await freePort();
  const db = spawn(binary, ['--listen', `127.0.0.1:${port}`, '--dir', dir], { stdio: 'ignore' });
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const col = client
      .db('probe')
      .collection<{ _id: string; n: number; k: number; u: string; pending: string[] }>('c');
    await col.createIndex({ u: 1 });
    for (let i = 0; i < N; i += 1000)
      await col.insertMany(
        Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
          _id: `k${i + j}`,
          k: i + j,
          u: `u${i + j}`,
          n: 0,
          pending: [],
          pad: 'x'.repeat(300),
        })),
      );
    const id = (i: number) => `k${(i * 7919) % N}`;
    process.stdout.write(`${N} documents of ~350 bytes; binary ${path.basename(binary)}\n`);
    const scan = await timed('baseline: findOne({k}) (no _id: a scan)', 5, (i) =>
      col.findOne({ k: (i * 7919) % N }),
    );
    const byId = await timed('findOne({_id})', 200, (i) => col.findOne({ _id: id(i) }));
    const upd = await timed('updateOne({_id, pending: {$ne}}, {$inc})', 200, (i) =>
      col.updateOne({ _id: id(i), pending: { $ne: 'e' } }, { $inc: { n: 1 } }),
    );
    const inQ = await timed('find({_id: {$in: [a, b]}})', 50, (i) =>
      col.find({ _id: { $in: [id(i), id(i + 1)] } }).toArray(),
    );
    const byField = await timed('findOne({u}) (an indexed field)', 200, (i) =>
      col.findOne({ u: `u${(i * 7919) % N}` }),
    );
    process.stdout.write(
      `ratios against the scan: findOne by _id ×${(scan / byId).toFixed(0)}, update ×${(scan / upd).toFixed(0)}, $in ×${(scan / inQ).toFixed(0)}, indexed field ×${(scan / byField).toFixed(0)}\n`,
    );
  } finally {
    await client.close();
    db.kill('SIGTERM');
    await new Promise((r) => db.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ferretdb-id failed: ${String(err)}\n`);
  process.exit(1);
});
