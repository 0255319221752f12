import { benchExportQuery, measureExport } from './stats-export';

/**
 * The export half of `bench:stats` alone, on a database it already generated (no breakdown, no
 * full scan): `MONGODB_URI=… npx tsx scripts/bench/stats-export-only.ts 100000`. The same query as
 * bench:stats (every count metric by day × course × region × audience × gender). For diagnosis:
 * BENCH_MEMLOG=<file> logs the server's memoryUsage() each second, BENCH_SERVER_FLAGS='…' starts
 * it with extra V8 flags.
 */
async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI as string;
  const events = process.argv[2] ?? '100000';
  const q = benchExportQuery();
  const ex = await measureExport(
    `${__dirname}/stats.ts`,
    uri,
    `bench_stats_${events}`,
    { ...q, to: q.from },
    q,
  );
  process.stdout.write(`${JSON.stringify(ex)} growth ${(ex.rssPeakMiB - ex.rssBeforeMiB).toFixed(1)}\n`);
}
void main();
