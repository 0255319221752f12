import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config';
import { bucketOf } from '../../server/modules/outreach/buckets';
import { buildStats, type Stats } from '../../server/modules/outreach/outreach.module';
import { parseReportQuery } from '../../server/modules/outreach/report.query';
import { createReportService } from '../../server/modules/outreach/report.service';
import { rebuildRollups, resetRollups, rollupBuilder } from '../../server/modules/outreach/stats.rebuild';
import { connectDatabase, syncIndexes } from '../../server/shared/db';
import { launchDatabase } from '../dev-db';
import { SERVER_NODE_FLAGS } from '../lib/load-target';
import { generateEvents } from '../stats-generate';
import { loadAverages } from './proc';
import { writeSection } from './report-section';
import { benchExportQuery, EXPORT_BY, measureExport, serveExports } from './stats-export';

/**
 * Issue 7's two goals over N generated events (same database, same run):
 * 1. breakdown by country × month from the rollups (the API path; the month cuboid answers it)
 *    vs a full-scan aggregation over the raw event log: both medians, the ratio, equal numbers;
 * 2. a CSV export of every count metric by day × course × region × audience × gender from the real
 *    server in a child process: rows, time and the server's RSS growth (goal < 64 MiB).
 *   npm run bench:stats -- --events 1000000        (reuses the data when the count matches)
 * Set MONGODB_URI to a persistent server (e.g. `npm run db -- .data/bench`) so that the generated
 * events and rollups (database bench_stats_<N>) survive between runs. Writes its section of
 * docs/benchmarks.md.
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

/** Generates the events (rolled up as they are inserted) or rebuilds rollups built before the cuboids. */
async function ensureData(stats: Stats, events: number): Promise<string[]> {
  const { Events, CoarseRollups, MonthCells } = stats.repo.models;
  const exists = async (coll: typeof Events.collection, filter: object) =>
    (await coll.findOne(filter as never, { projection: { _id: 1 } })) !== null;
  const notes: string[] = [];
  if (await exists(Events.collection, { _id: `gen:1:${events}` }))
    throw new Error(`bench database holds more than ${events} events`);
  if (!(await exists(Events.collection, { _id: `gen:1:${events - 1}` }))) {
    if (await exists(Events.collection, {}))
      throw new Error(`bench database holds fewer than ${events} events`);
    const t = Date.now();
    await resetRollups(stats.repo);
    // Count figures only: distinct-count markers are ~12 writes per event on FerretDB and the
    // measured figures are counts (docs/outreach.md, Benchmark).
    const builder = rollupBuilder(stats.repo, stats.regions, { markers: false });
    await generateEvents(
      stats,
      { events, from: FROM, days: DAYS, seed: 1 },
      (n) => process.stdout.write(`\rgenerated ${n}/${events}`),
      (batch) => builder.add(batch),
    );
    const report = await builder.finish();
    notes.push(
      `generated and rolled up in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(report)}`,
    );
  } else if (!(await exists(MonthCells.collection, {})) || !(await exists(CoarseRollups.collection, {}))) {
    const t = Date.now();
    const report = await rebuildRollups(
      stats.repo,
      stats.regions,
      (n) => process.stdout.write(`\rreplayed ${n} events (${((Date.now() - t) / 1000).toFixed(0)} s)`),
      { markers: false },
    );
    notes.push(`rollups rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(report)}`);
  }
  for (const n of notes) process.stdout.write(`\n${n}\n`);
  return notes;
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
    options: {
      events: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      'scan-runs': { type: 'string' },
    },
  });
  const events = Number(values.events);
  const runs = Number(values.runs);
  const scanRuns = Number(values['scan-runs'] ?? (events >= 500_000 ? 1 : 3));
  const config = loadConfig();
  const db = await launchDatabase({ uri: config.db.uri, log: () => {} });
  const dbName = `bench_stats_${events}`;
  const connection = await connectDatabase({ uri: db.uri, serverSelectionTimeoutMs: 5000, dbName });
  try {
    const stats = buildStats(connection, config);
    await syncIndexes(connection);
    const notes = await ensureData(stats, events);
    // Whole months (the generated days end on 30 December 2025): how annual tables are asked for.
    const to = '2025-12-31';
    const q = parseReportQuery({
      metrics: ['enrolments'],
      by: ['country'],
      period: 'month',
      from: FROM,
      to,
      filters: {},
    });
    const loadBefore = loadAverages();
    const rollups = await timed(runs, () =>
      stats.reports.breakdown(q, { locale: 'en', t: ((k: string) => k) as never }),
    );
    const raw = await timed(scanRuns, () => fullScan(stats, to));
    const loadAfter = loadAverages();
    const viaRollups = new Map<string, number>();
    const rawReport = await createReportService({
      models: stats.repo.models,
      regions: stats.regions,
    }).breakdown(q);
    for (const r of rawReport.rows) viaRollups.set(`${r.keys.country}|${r.period}`, r.values.enrolments ?? 0);
    const same =
      viaRollups.size === raw.result.size && [...raw.result].every(([k, n]) => viaRollups.get(k) === n);
    const exportQuery = benchExportQuery(FROM, to);
    const lines = [
      `events: ${events.toLocaleString('en')} (${db.kind}); ${new Date().toISOString()}`,
      ...notes,
      `breakdown enrolments by country × month, ${FROM} … ${to}, ${rollups.result.rows.length} rows:`,
      `- rollups (API path incl. suppression, month cuboid): median ${rollups.ms.toFixed(1)} ms over ${runs} runs`,
      `- full-scan $match+$group over the raw events: median ${raw.ms.toFixed(1)} ms over ${scanRuns} run(s)`,
      `- **ratio ${(raw.ms / rollups.ms).toFixed(1)}×** (goal ≥ 50×), same numbers: ${same}; load average ${loadBefore} → ${loadAfter}`,
    ];
    // Printed now: the export of a large N takes long, and these figures stand on their own.
    process.stdout.write(`${lines.join('\n')}\n`);
    const ex = await measureExport(__filename, db.uri, dbName, { ...exportQuery, to: FROM }, exportQuery);
    const growth = ex.rssPeakMiB - ex.rssBeforeMiB;
    const exportLines = [
      `CSV export (every count metric by day × ${EXPORT_BY.join(' × ')}, ${FROM} … ${to}):`,
      `- ${ex.rows.toLocaleString('en')} rows, ${(ex.bytes / 1024 / 1024).toFixed(1)} MiB in ${(ex.ms / 1000).toFixed(1)} s`,
      `- server started with ${SERVER_NODE_FLAGS.length ? `\`${SERVER_NODE_FLAGS.join(' ')}\`` : 'the default V8 flags'} (the production flags; BENCH_SERVER_FLAGS replaces them)`,
      `- **server RSS ${ex.rssBeforeMiB.toFixed(1)} → peak ${ex.rssPeakMiB.toFixed(1)} MiB, growth ${growth.toFixed(1)} MiB** (goal < 64 MiB: ${growth < 64 ? 'met' : 'NOT met'}); load average now ${loadAverages()}`,
    ];
    process.stdout.write(`${exportLines.join('\n')}\n`);
    lines.push(...exportLines);

    writeSection(
      'outreach-stats',
      [
        `## Outreach statistics (\`npm run bench:stats -- --events ${events}\`)`,
        '',
        'Goal (issue 7): breakdown by country × month ≥ 50× faster from the rollups than a full scan of',
        'the raw events (same database, same run); a 1,000,000-row CSV export with server RSS growth < 64 MB.',
        'Method and history: [outreach.md § Benchmark](outreach.md#benchmark). Last run:',
        '',
        ...lines.map((l) => (l.startsWith('-') ? l : `${l}  `)),
      ].join('\n'),
    );
  } finally {
    await connection.close();
    await db.stop();
  }
}

if (process.argv.includes('--serve')) {
  serveExports(process.argv[process.argv.indexOf('--serve') + 1] as string).catch((err: unknown) => {
    process.stderr.write(`bench:stats server failed: ${String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:stats failed: ${String(err)}\n`);
    process.exit(1);
  });
}
