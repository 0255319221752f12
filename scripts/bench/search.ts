import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CatalogItem, catalogDocument } from '../../server/modules/search/catalog.source';
import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import type { SearchDocument, SearchType } from '../../server/modules/search/search.port';
import { PROJECT_ROOT } from '../../server/shared/paths';

/**
 * Embedded search engine benchmark: indexes a corpus generated from the seed content (real
 * text in en/ar/ru/zh, recombined) and measures indexing throughput and query latency.
 * Usage: npm run bench:search [-- --docs 50000 --queries 3000] [--cache]
 * Without --cache every query is computed (cold); with it, the engine's result cache serves
 * repeated queries (the bench cycles through 22 queries, so nearly every query is a hit).
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DOCS = arg('docs', 50_000);
const QUERIES = arg('queries', 3000);
const BATCH = 500;
const CACHE = process.argv.includes('--cache');

// Realistic queries: words, inflections, typos, synonyms across languages, Chinese without spaces.
const QUERY_SET = [
  'inclusive education',
  'generative AI',
  'artificial intelligence teachers',
  'bullying',
  'assesment',
  'prompt engineering',
  'green skills',
  'ИИ',
  'инклюзивное образование',
  'учителей',
  'травля',
  'профессионального обучения',
  'الذكاء الاصطناعي',
  'المعلمين',
  'التنمر',
  'تعليم',
  '人工智能',
  '全纳教育',
  '教师',
  '高等教育评估',
  'heal',
  'ict',
];

function seed(): SearchDocument[] {
  const kinds: [string, SearchType][] = [
    ['courses', 'course'],
    ['resources', 'resource'],
    ['credentials', 'credential'],
  ];
  return kinds.flatMap(([dir, type]) =>
    readdirSync(path.join(PROJECT_ROOT, 'content', dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'content', dir, f), 'utf8')) as CatalogItem)
      .map((item) =>
        catalogDocument(type, { ...item, state: 'published', searchVersion: 0, updatedAt: new Date() }),
      )
      .filter((d): d is SearchDocument => d !== null),
  );
}

/**
 * Document i: the title of one seed item with the summaries of two others and a slice of a
 * third one's body (about 1,500 characters per language, like an abstract or a forum post).
 */
function generate(base: readonly SearchDocument[], i: number): SearchDocument {
  const pick = (k: number) => base[(i * k + Math.floor(i / base.length)) % base.length] as SearchDocument;
  const [a, b, c] = [pick(1), pick(7), pick(13)];
  const mix = (x: Record<string, string>, y: Record<string, string>) =>
    Object.fromEntries(Object.entries(x).map(([l, t]) => [l, `${t} ${y[l] ?? ''}`.trim()]));
  return {
    ...a,
    slug: `${a.slug}-${i}`,
    summary: mix(a.summary, b.summary),
    body: mix(
      Object.fromEntries(
        Object.entries(c.body).map(([l, t]) => [l, t.slice((i * 97) % 3000, ((i * 97) % 3000) + 1200)]),
      ),
      c.summary,
    ),
    updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const base = seed();
  const corpus = Array.from({ length: DOCS }, (_, i) => generate(base, i));
  const engine = createEmbeddedEngine({ cacheResults: CACHE });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < corpus.length; i += BATCH) {
    await engine.upsert(corpus.slice(i, i + BATCH));
    if (process.stderr.isTTY) process.stderr.write(`\rindexing ${Math.min(i + BATCH, DOCS)}/${DOCS}`);
  }
  const indexMs = performance.now() - t0;
  const indexCpu = process.cpuUsage(cpu0);
  const indexCpuS = (indexCpu.user + indexCpu.system) / 1e6;
  if (process.stderr.isTTY) process.stderr.write('\n');
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

  for (const q of QUERY_SET) await engine.query({ text: q, filters: {}, lang: 'en', page: 1, pageSize: 10 });
  const latencies: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < QUERIES; i++) {
    const text = QUERY_SET[i % QUERY_SET.length] as string;
    const filters = i % 4 === 0 ? { type: 'course' as const } : {};
    const s = performance.now();
    const c = process.cpuUsage();
    await engine.query({ text, filters, lang: 'en', page: 1 + (i % 3), pageSize: 10 });
    latencies.push(performance.now() - s);
    const dc = process.cpuUsage(c);
    cpu.push((dc.user + dc.system) / 1000);
  }
  const wallS = (performance.now() - started) / 1000;
  const cpuTotal = process.cpuUsage(cpuStarted);
  const cpuS = (cpuTotal.user + cpuTotal.system) / 1e6;
  latencies.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  const ms = (v: number) => v.toFixed(2);
  process.stdout.write(
    `${[
      `embedded engine (MiniSearch), ${DOCS} documents generated from ${base.length} seed items, Node ${process.version}`,
      `result cache: ${CACHE ? 'on (repeated queries are served from it)' : 'off (every query computed)'}`,
      `indexing: ${(DOCS / (indexMs / 1000)).toFixed(0)} docs/s (${(indexMs / 1000).toFixed(1)} s; ${(DOCS / indexCpuS).toFixed(0)} per CPU-second), heap ${heapMb.toFixed(0)} MB`,
      `queries: ${QUERIES} sequential, ${QUERY_SET.length} distinct (4 languages, typos, synonyms), 1 in 4 filtered`,
      `latency ms: p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1) ?? 0)}`,
      `CPU ms per query (less sensitive to a loaded machine): p50 ${ms(percentile(cpu, 50))}  p95 ${ms(percentile(cpu, 95))}`,
      `throughput: ${(QUERIES / wallS).toFixed(0)} queries/s on one core (${(QUERIES / cpuS).toFixed(0)} per CPU-second)`,
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${cpus().length} cores)`,
    ].join('\n')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`search bench failed: ${String(err)}\n`);
  process.exit(1);
});
