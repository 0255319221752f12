import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config';
import { addDays, bucketOf } from '../../server/modules/outreach/buckets';
import { buildStats, type Stats } from '../../server/modules/outreach/outreach.module';
import { parseReportQuery } from '../../server/modules/outreach/report.query';
import { createReportService } from '../../server/modules/outreach/report.service';
import { rebuildRollups } from '../../server/modules/outreach/stats.rebuild';
import { connectDatabase, syncIndexes } from '../../server/shared/db';
import { launchDatabase } from '../dev-db';
import { generateEvents } from '../stats-generate';

/**
 * Breakdown by country × month over N events: from the rollups (what the API does) vs a
 * full-scan aggregation over the raw event log, same database, same run. Prints both medians and
 * the ratio, and checks that both give the same numbers.
 *   npm run bench:stats -- --events 1000000        (reuses the data when the count matches)
 * Set MONGODB_URI to a persistent server (e.g. `npm run db -- .data/bench`) so that the generated
 * events and rollups (database bench_stats_<N>) survive between runs.
 */
const FROM = '2024-01-01';
const DAYS = 730;

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, result: result as T };
}

async function ensureData(stats: Stats, events: number): Promise<void> {
  const { Events, Rollups } = stats.repo.models;
  const present = await Events.estimatedDocumentCount();
  if (present !== 0 && present !== events)
    throw new Error(`bench database holds ${present} events, not ${events}`);
  if (present === 0) {
    const t = Date.now();
    await generateEvents(stats, { events, from: FROM, days: DAYS, seed: 1 }, (n) =>
      process.stdout.write(`\rgenerated ${n}/${events}`),
    );
    process.stdout.write(`\ngenerated in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  if ((await Rollups.estimatedDocumentCount()) > 0) return;
  const t = Date.now();
  // Count figures only: the measured breakdown reads day documents; distinct-count markers are
  // ~12 writes per event on FerretDB and would dominate the setup (docs/outreach.md, Benchmark).
  const report = await rebuildRollups(stats.repo, stats.regions, () => {}, { markers: false });
  process.stdout.write(
    `rollups built in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(report)}\n`,
  );
}

/** The same figure straight from the event log: $match + $group over every raw event, months folded in code. */
async function fullScan(stats: Stats, to: string): Promise<Map<string, number>> {
  const rows = await stats.repo.models.Events.aggregate<{ _id: { c: string | null; d: string }; n: number }>([
    { $match: { type: 'enrolment', day: { $gte: FROM, $lte: to } } },
    { $group: { _id: { c: '$country', d: '$day' }, n: { $sum: 1 } } },
  ]);
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = `${r._id.c}|${bucketOf(r._id.d, 'month')}`;
    out.set(key, (out.get(key) ?? 0) + r.n);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
  });
  const events = Number(values.events);
  const runs = Number(values.runs);
  const config = loadConfig();
  const db = await launchDatabase({ uri: config.db.uri, log: () => {} });
  const connection = await connectDatabase({
    uri: db.uri,
    serverSelectionTimeoutMs: 5000,
    dbName: `bench_stats_${events}`,
  });
  try {
    const stats = buildStats(connection, config);
    await syncIndexes(connection);
    await ensureData(stats, events);
    const to = addDays(FROM, DAYS - 1);
    const q = parseReportQuery({
      metrics: ['enrolments'],
      by: ['country'],
      period: 'month',
      from: FROM,
      to,
      filters: {},
    });
    const rollups = await timed(runs, () =>
      stats.reports.breakdown(q, { locale: 'en', t: ((k: string) => k) as never }),
    );
    const raw = await timed(Math.max(1, Math.min(runs, 3)), () => fullScan(stats, to));
    const viaRollups = new Map<string, number>();
    const rawReport = await createReportService({
      models: stats.repo.models,
      regions: stats.regions,
    }).breakdown(q);
    for (const r of rawReport.rows) viaRollups.set(`${r.keys.country}|${r.period}`, r.values.enrolments ?? 0);
    const same =
      viaRollups.size === raw.result.size && [...raw.result].every(([k, n]) => viaRollups.get(k) === n);
    process.stdout.write(
      [
        `events: ${events} (${db.kind}); breakdown enrolments by country × month, ${FROM} … ${to}, ${rollups.result.rows.length} rows`,
        `rollups (API path, incl. suppression): median ${rollups.ms.toFixed(1)} ms over ${runs} runs`,
        `full scan aggregation over raw events: median ${raw.ms.toFixed(1)} ms`,
        `ratio: ${(raw.ms / rollups.ms).toFixed(1)}×   same numbers: ${same}`,
        '',
      ].join('\n'),
    );
  } finally {
    await connection.close();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:stats failed: ${String(err)}\n`);
  process.exit(1);
});
