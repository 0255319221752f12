import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { createAuditLog } from '../server/modules/audit/audit.repository';
import { writeCsv, writeJson, writeXlsx } from '../server/modules/outreach/outreach.export';
import { buildStats } from '../server/modules/outreach/outreach.module';
import { ExportQuery } from '../server/modules/outreach/outreach.schemas';
import { DIMENSIONS } from '../server/modules/outreach/outreach.vocabulary';
import { connectDatabase } from '../server/shared/db';
import { createI18n } from '../server/shared/i18n';

/**
 * `npm run export-stats -- --from 2025-01-01 --to 2025-08-15 --by country,month --format xlsx
 *   --out outreach.xlsx [--metrics enrolments,completions] [--country RU,KZ …] [--lang ar]
 *   [--server https://hub.example.org --token …]`
 * With --server: downloads GET /api/stats/export with a staff API token (`--token` or
 * STATS_API_TOKEN). Without: exports straight from the database in MONGODB_URI, through the same
 * report service and writers (rollups only), and writes the audit entry itself.
 * A period name in --by (day, week, month, quarter, year) sets the period.
 */
const PERIODS = new Set(['day', 'week', 'month', 'quarter', 'year']);

function readArgs() {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string', default: '' },
      metrics: { type: 'string', default: 'enrolments,completions,credentials' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      server: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      ...Object.fromEntries(DIMENSIONS.map((d) => [d, { type: 'string' as const }])),
    },
  });
  const by = values.by.split(',').filter(Boolean);
  const query = new URLSearchParams({ metrics: values.metrics, format: values.format });
  const period = by.find((b) => PERIODS.has(b));
  if (period) query.set('period', period);
  const dims = by.filter((b) => !PERIODS.has(b));
  if (dims.length) query.set('by', dims.join(','));
  for (const key of ['from', 'to', ...DIMENSIONS] as const) {
    const v = (values as Record<string, string | undefined>)[key];
    if (v) query.set(key, v);
  }
  return { values, query, out: values.out ?? `outreach.${values.format}` };
}

/** A stream that reports the bytes (and CSV lines) passing through, on one stderr line. */
function progress(): PassThrough {
  let bytes = 0;
  let lines = 0;
  const started = Date.now();
  const meter = new PassThrough();
  const draw = () => {
    const width = 24;
    const spin = Math.floor((Date.now() - started) / 250) % width;
    const bar = Array.from({ length: width }, (_, i) => (i === spin ? '#' : '-')).join('');
    process.stderr.write(`\r[${bar}] ${(bytes / 1024).toFixed(0)} KiB, ${lines} lines`);
  };
  const timer = setInterval(draw, 250);
  meter.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  });
  meter.on('end', () => {
    clearInterval(timer);
    draw();
    process.stderr.write(' done\n');
  });
  return meter;
}

async function fromServer(server: string, token: string, query: URLSearchParams, lang: string, out: string) {
  query.set('lang', lang);
  const res = await fetch(`${server.replace(/\/+$/, '')}/api/stats/export?${query}`, {
    headers: { Authorization: `Bearer ${token}`, 'Accept-Language': lang },
  });
  if (!res.ok || !res.body) throw new Error(`export failed: ${res.status} ${await res.text()}`);
  await pipeline(Readable.fromWeb(res.body as never), progress(), createWriteStream(out));
}

async function fromDatabase(query: URLSearchParams, lang: string, out: string) {
  const config = loadConfig();
  if (!config.db.uri) throw new Error('MONGODB_URI is required without --server (npm run db prints one)');
  const input = ExportQuery.parse(Object.fromEntries(query));
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  try {
    const stats = buildStats(connection, config);
    const i18n = await createI18n(config.i18n.supportedLocales, config.i18n.defaultLocale);
    const t = i18n.getFixedT(lang);
    const q = stats.reports.query(input);
    const report = await stats.reports.breakdown(q, { locale: lang, t });
    await createAuditLog(connection).append({
      actorId: null,
      action: 'stats.exported',
      targetType: 'stats',
      targetId: 'breakdown',
      details: {
        format: input.format,
        query: JSON.stringify(q),
        rows: report.rows.length,
        via: `cli:${userInfo().username}`,
      },
      requestId: 'cli',
    });
    const meter = progress();
    const done = pipeline(meter, createWriteStream(out));
    const sink: Writable = meter;
    if (input.format === 'csv') await writeCsv(sink, report, t);
    else if (input.format === 'json') await writeJson(sink, report);
    else await writeXlsx(sink, report, t, new Date());
    await done;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const { values, query, out } = readArgs();
  const server = values.server ?? values.url;
  if (server) {
    const token = values.token ?? process.env.STATS_API_TOKEN;
    if (!token) throw new Error('an API token is required with --server: --token or STATS_API_TOKEN');
    await fromServer(server, token, query, values.lang, out);
  } else await fromDatabase(query, values.lang, out);
  process.stderr.write(`wrote ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`export-stats failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
