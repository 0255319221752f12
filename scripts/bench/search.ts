import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type CatalogItem, catalogDocument } from '../../server/modules/search/catalog.source';
import { createEmbeddedEngine } from '../../server/modules/search/embedded.engine';
import type { SearchDocument, SearchEngine, SearchType } from '../../server/modules/search/search.port';
import { PROJECT_ROOT } from '../../server/shared/paths';
import { writeSection } from './report-section';

/**
 * Embedded search engine benchmark: indexes a corpus generated from the seed content (real
 * text in en/ar/ru/zh, recombined) and measures indexing throughput and query latency.
 * Usage: npm run bench:search [-- --docs 50000 --queries 3000] [--cache] [--write]
 * Without --cache every query is computed; with it, the engine's result cache serves repeated
 * queries (the bench cycles through 22 queries, so nearly every query is a hit). A second,
 * shorter phase re-indexes a document every 10 queries. --write puts the figures in the
 * "search" section of docs/benchmarks.md.
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DOCS = arg('docs', 50_000);
const QUERIES = arg('queries', 3000);
const BATCH = 500;
const CACHE = process.argv.includes('--cache');
const WRITE = process.argv.includes('--write');
const WRITE_EVERY = 10;

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

// A full collection before reading the heap, so the figure is what the index keeps alive.
const collectGarbage = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

interface Indexing {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly heapMb: number;
}

/** Indexes DOCS generated documents in batches (generated per batch: the heap holds the index only). */
async function index(engine: SearchEngine, base: readonly SearchDocument[]): Promise<Indexing> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < DOCS; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, j) => generate(base, i + j));
    await engine.upsert(batch);
    if (process.stderr.isTTY) process.stderr.write(`\rindexing ${i + batch.length}/${DOCS}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  collectGarbage();
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

interface Latencies {
  readonly queries: number;
  readonly wall: number[];
  readonly cpu: number[];
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

/**
 * Runs `count` queries of the mix one after the other (1 in 4 filtered, pages 1–3). With
 * `writeEvery`, one document is re-indexed before every `writeEvery`-th query (not timed), as
 * the sync job does on a live server: that empties the result cache and the posting lists of
 * the document's terms, so the queries after it pay for rebuilding them.
 */
async function measure(engine: SearchEngine, base: readonly SearchDocument[], count: number, writeEvery = 0) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let [wallSeconds, cpuSeconds] = [0, 0];
  for (let i = 0; i < count; i++) {
    if (writeEvery > 0 && i % writeEvery === 0) await engine.upsert([generate(base, (i * 7919) % DOCS)]);
    const text = QUERY_SET[i % QUERY_SET.length] as string;
    const filters = i % 4 === 0 ? { type: 'course' as const } : {};
    const s = performance.now();
    const c = process.cpuUsage();
    await engine.query({ text, filters, lang: 'en', page: 1 + (i % 3), pageSize: 10 });
    const dc = process.cpuUsage(c);
    wall.push(performance.now() - s);
    cpu.push((dc.user + dc.system) / 1000);
    wallSeconds += (wall.at(-1) as number) / 1000;
    cpuSeconds += (cpu.at(-1) as number) / 1000;
  }
  wall.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  return { queries: count, wall, cpu, wallSeconds, cpuSeconds };
}

const ms = (v: number) => v.toFixed(2);

function latencyLines(label: string, l: Latencies): string[] {
  const at = (xs: number[], p: number) => ms(percentile(xs, p));
  return [
    `${label}: ${l.queries} queries`,
    `  latency ms: p50 ${at(l.wall, 50)}  p95 ${at(l.wall, 95)}  p99 ${at(l.wall, 99)}  max ${ms(l.wall.at(-1) ?? 0)}`,
    `  CPU ms per query (less sensitive to a loaded machine): p50 ${at(l.cpu, 50)}  p95 ${at(l.cpu, 95)}`,
    `  throughput: ${(l.queries / l.wallSeconds).toFixed(0)} queries/s on one core (${(l.queries / l.cpuSeconds).toFixed(0)} per CPU-second)`,
  ];
}

function report(base: readonly SearchDocument[], ix: Indexing, reads: Latencies, mixed: Latencies): string {
  return [
    `embedded engine (MiniSearch), ${DOCS} documents generated from ${base.length} seed items, Node ${process.version}`,
    `result cache: ${CACHE ? 'on (repeated queries are served from it)' : 'off (every query computed)'}`,
    `indexing: ${(DOCS / ix.seconds).toFixed(0)} docs/s (${ix.seconds.toFixed(1)} s; ${(DOCS / ix.cpuSeconds).toFixed(0)} per CPU-second), heap after indexing ${ix.heapMb.toFixed(0)} MB`,
    `query mix: ${QUERY_SET.length} distinct queries (4 languages, typos, synonyms), sequential, 1 in 4 filtered, pages 1-3`,
    ...latencyLines('reads only', reads),
    ...latencyLines(`with one document re-indexed every ${WRITE_EVERY} queries`, mixed),
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const base = seed();
  const engine = createEmbeddedEngine({ cacheResults: CACHE });
  const ix = await index(engine, base);
  for (const q of QUERY_SET) await engine.query({ text: q, filters: {}, lang: 'en', page: 1, pageSize: 10 });
  const reads = await measure(engine, base, QUERIES);
  const mixed = await measure(engine, base, Math.ceil(QUERIES / 3), WRITE_EVERY);
  const text = report(base, ix, reads, mixed);
  process.stdout.write(`${text}\n`);
  if (WRITE) writeSection('search', section(text));
}

function section(text: string): string {
  const cmd = `npm run bench:search -- --docs ${DOCS} --queries ${QUERIES}${CACHE ? ' --cache' : ''} --write`;
  return [
    `## Search: embedded engine (\`${cmd}\`)`,
    '',
    'Written by scripts/bench/search.ts. Method, history and profile findings: docs/search.md, Performance.',
    '',
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    '',
    '```text',
    text,
    '```',
  ].join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`search bench failed: ${String(err)}\n`);
  process.exit(1);
});
