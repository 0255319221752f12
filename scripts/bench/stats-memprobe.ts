import { Writable } from 'node:stream';
import { loadConfig } from '../../server/config';
import { writeCsv } from '../../server/modules/outreach/outreach.export';
import { buildStats } from '../../server/modules/outreach/outreach.module';
import { ExportQuery } from '../../server/modules/outreach/outreach.schemas';
import { connectDatabase } from '../../server/shared/db';
import { createI18n } from '../../server/shared/i18n';
import { benchExportQuery } from './stats-export';

/**
 * The bench:stats export in-process, without HTTP: `iterate` only reads the streamed report's
 * batches, `csv` also writes it to a null sink; memoryUsage() printed each second.
 *   MONGODB_URI=… npx tsx scripts/bench/stats-memprobe.ts iterate|csv [events]
 */
async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'csv';
  const config = loadConfig();
  const connection = await connectDatabase({
    uri: config.db.uri as string,
    serverSelectionTimeoutMs: 5000,
    dbName: `bench_stats_${process.argv[3] ?? '100000'}`,
  });
  const stats = buildStats(connection, config);
  const t = (await createI18n(config.i18n.supportedLocales, config.i18n.defaultLocale)).getFixedT('en');
  const q = stats.reports.query(ExportQuery.parse(benchExportQuery()));
  const mib = (n: number) => (n / 1048576).toFixed(1);
  const m0 = process.memoryUsage();
  let peakRss = m0.rss;
  let peakHeap = m0.heapUsed;
  let phase = 'pass1';
  const started = Date.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    process.stdout.write(
      `${((Date.now() - started) / 1000).toFixed(1)}s ${phase} rss ${mib(m.rss)} heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} ext ${mib(m.external)}\n`,
    );
  }, 1000);
  const report = await stats.reports.stream(q, { locale: 'en', t });
  phase = 'pass2';
  let bytes = 0;
  if (mode === 'iterate') {
    for await (const b of report.batches) bytes += b.length;
  } else {
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        setImmediate(done);
      },
    });
    await writeCsv(sink, report, t);
  }
  clearInterval(timer);
  process.stdout.write(
    `${mode}: rows ${report.rowCount} out ${bytes}; rss ${mib(m0.rss)} → peak ${mib(peakRss)} (+${mib(peakRss - m0.rss)}), heap ${mib(m0.heapUsed)} → peak ${mib(peakHeap)}\n`,
  );
  await connection.close();
}
void main();
