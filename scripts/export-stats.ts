import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

/**
 * `npm run export-stats -- --from 2025-01-01 --to 2025-08-15 --by country,month --format xlsx
 *   --out outreach.xlsx [--metrics enrolments,learners] [--url http://localhost:3000] [--token …]`
 * Downloads GET /api/stats/export from a running instance (local or remote) with a staff API
 * token (`--token` or STATS_API_TOKEN), showing the bytes received. `month` etc. in --by set the period.
 */
const PERIODS = new Set(['day', 'week', 'month', 'quarter', 'year']);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string', default: '' },
      metrics: { type: 'string', default: 'enrolments,completions,learners' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      lang: { type: 'string', default: 'en' },
    },
  });
  const token = values.token ?? process.env.STATS_API_TOKEN;
  if (!token) throw new Error('an API token is required: --token or STATS_API_TOKEN');
  const by = values.by.split(',').filter(Boolean);
  const query = new URLSearchParams({ metrics: values.metrics, format: values.format, lang: values.lang });
  const period = by.find((b) => PERIODS.has(b));
  if (period) query.set('period', period);
  const dims = by.filter((b) => !PERIODS.has(b));
  if (dims.length) query.set('by', dims.join(','));
  if (values.from) query.set('from', values.from);
  if (values.to) query.set('to', values.to);
  const res = await fetch(`${values.url.replace(/\/+$/, '')}/api/stats/export?${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok || !res.body) throw new Error(`export failed: ${res.status} ${await res.text()}`);
  const out = values.out ?? `outreach.${values.format}`;
  let bytes = 0;
  const body = Readable.fromWeb(res.body as never);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    process.stderr.write(`\rreceived ${(bytes / 1024).toFixed(0)} KiB`);
  });
  await pipeline(body, createWriteStream(out));
  process.stderr.write(`\nwrote ${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`export-stats failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
