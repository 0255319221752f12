import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { addDays } from '../server/modules/outreach/buckets';
import { buildStats, type Stats } from '../server/modules/outreach/outreach.module';
import type { EventType } from '../server/modules/outreach/outreach.vocabulary';
import type { StatsEventDoc } from '../server/modules/outreach/stats.model';
import { resetRollups, rollupBuilder } from '../server/modules/outreach/stats.rebuild';
import { connectDatabase, syncIndexes } from '../server/shared/db';
import { PROJECT_ROOT } from '../server/shared/paths';
import { AUDIENCES, GENDERS } from '../server/shared/vocabulary';

/** Audience weights shaped like the institute's reports (CIS and Central Asia first, then MENA, China …). */
const COUNTRIES: [string, number][] = [
  ['RU', 18],
  ['KZ', 10],
  ['UZ', 8],
  ['KG', 5],
  ['EG', 5],
  ['CN', 6],
  ['TJ', 3],
  ['BY', 3],
  ['AM', 2],
  ['AZ', 2],
  ['GE', 2],
  ['UA', 2],
  ['MD', 1],
  ['MN', 1],
  ['IN', 4],
  ['SA', 3],
  ['AE', 2],
  ['MA', 2],
  ['JO', 2],
  ['TR', 2],
  ['ID', 2],
  ['PK', 2],
  ['VN', 1],
  ['NG', 2],
  ['KE', 2],
  ['BR', 2],
  ['MX', 2],
  ['FR', 2],
  ['US', 3],
  ['FJ', 1],
];
const LANGUAGE_OF: Record<string, string> = { EG: 'ar', SA: 'ar', AE: 'ar', MA: 'ar', JO: 'ar', CN: 'zh' };
const RU_SPEAKING = new Set(['RU', 'KZ', 'UZ', 'KG', 'TJ', 'BY', 'AM', 'AZ', 'GE', 'UA', 'MD', 'MN']);
const TYPES: [EventType, number][] = [
  ['enrolment', 20],
  ['lesson_completed', 35],
  ['quiz_passed', 10],
  ['course_completed', 6],
  ['credential_issued', 3],
  ['event_registered', 4],
  ['event_attended', 3],
  ['forum_thread', 1],
  ['forum_post', 4],
  ['pageview', 14],
];
const COLLECTIONS = ['e-library-for-teachers', 'eduhub-health-education'];

export interface GenerateOptions {
  readonly events: number;
  readonly from: string;
  readonly days: number;
  readonly seed: number;
}

/** A small seeded PRNG (mulberry32), so a run can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(items: readonly [T, number][], r: number): T {
  const sum = items.reduce((s, [, w]) => s + w, 0);
  let x = r * sum;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return (items[items.length - 1] as [T, number])[0];
}

/**
 * Inserts `events` synthetic events (one user ≈ 10 events) straight into the log, in batches,
 * and hands each batch to `onBatch` (the rollup builder) so the log need not be read back.
 */
export async function generateEvents(
  stats: Stats,
  o: GenerateOptions,
  progress: (n: number) => void,
  onBatch: (batch: readonly StatsEventDoc[]) => Promise<unknown> = async () => {},
): Promise<void> {
  const random = rng(o.seed);
  const courses = readdirSync(path.join(PROJECT_ROOT, 'content', 'courses')).map((f) =>
    f.replace(/\.json$/, ''),
  );
  const users = Math.max(1, Math.round(o.events / 10));
  const Events = stats.repo.models.Events.collection;
  const now = new Date();
  let batch: StatsEventDoc[] = [];
  for (let i = 0; i < o.events; i++) {
    const u = Math.floor(random() * users);
    const person = rng(o.seed * 7919 + u);
    const country = weighted(COUNTRIES, person());
    const type = weighted(TYPES, random());
    const day = addDays(o.from, Math.floor(random() * o.days));
    const courseBased = ![
      'pageview',
      'forum_thread',
      'forum_post',
      'event_registered',
      'event_attended',
    ].includes(type);
    const webinar = type === 'event_registered' || type === 'event_attended';
    batch.push({
      _id: `gen:${o.seed}:${i}`,
      type,
      occurredAt: new Date(`${day}T${String(Math.floor(random() * 24)).padStart(2, '0')}:00:00Z`),
      day,
      userKey: type === 'pageview' ? `v:${u}:${day}` : `gen-${u}`,
      course: courseBased ? (courses[Math.floor(random() * courses.length)] ?? null) : null,
      collection: courseBased ? (COLLECTIONS[u % 2] ?? null) : null,
      cohort: null,
      series: webinar ? `webinar-series-${1 + Math.floor(random() * 4)}` : null,
      event: webinar ? `webinar-${1 + Math.floor(random() * 48)}` : null,
      country,
      language: LANGUAGE_OF[country] ?? (RU_SPEAKING.has(country) ? 'ru' : 'en'),
      audience: AUDIENCES[Math.floor(person() * AUDIENCES.length)] ?? null,
      gender: GENDERS[Math.floor(person() * GENDERS.length)] ?? null,
      credential: type === 'credential_issued' ? 'micro-credential' : null,
      path: type === 'pageview' ? '/' : null,
      state: 'done',
      leaseUntil: now,
      recordedAt: now,
    });
    if (batch.length === 5000 || i === o.events - 1) {
      await Events.insertMany(batch as never[], { ordered: false });
      await onBatch(batch);
      batch = [];
      progress(i + 1);
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      from: { type: 'string', default: '2024-01-01' },
      days: { type: 'string', default: '730' },
      seed: { type: 'string', default: '1' },
    },
  });
  const config = loadConfig();
  if (!config.db.uri) throw new Error('MONGODB_URI is required (npm run db prints one)');
  const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
  try {
    const stats = buildStats(connection, config);
    await syncIndexes(connection);
    const o = {
      events: Number(values.events),
      from: values.from,
      days: Number(values.days),
      seed: Number(values.seed),
    };
    const started = Date.now();
    await resetRollups(stats.repo);
    const builder = rollupBuilder(stats.repo, stats.regions);
    await generateEvents(
      stats,
      o,
      (n) => process.stdout.write(`\rinserted ${n} / ${o.events} events`),
      (batch) => builder.add(batch),
    );
    const t = Date.now();
    process.stdout.write(`\ninserted in ${((t - started) / 1000).toFixed(1)} s; writing the rollups …\n`);
    const report = await builder.finish();
    process.stdout.write(`wrote ${JSON.stringify(report)} in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`stats:generate failed: ${String(err)}\n`);
    process.exit(1);
  });
}
