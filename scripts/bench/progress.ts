import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { hashPassword } from '../../server/modules/accounts/password';
import type { ProgressItem } from '../../server/modules/enrolment/progress.service';
import { buildServices, type Services } from '../../server/services';
import type { Actor } from '../../server/shared/auth';
import { connectDatabase, syncIndexes } from '../../server/shared/db';
import { launchDatabase } from '../dev-db';

/**
 * `npx tsx scripts/bench/progress.ts` (also run by `npm run bench`): progress-event ingestion
 * through the real service (validation, idempotent record, facts, completion rule, events to
 * outreach statistics) against a raw `insertOne` loop on the same database in the same run.
 * Prints events/s of both, the ratio (goal ≥ 0.5), and acknowledged vs stored events.
 */

const EVENTS = Number(process.env.BENCH_PROGRESS_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_PROGRESS_CONCURRENCY ?? 10);
const LESSONS = 20;
const BATCH = 20;

interface Learner {
  readonly actor: Actor;
  readonly enrolmentId: string;
}

async function setUp(services: Services, slug: string): Promise<Learner[]> {
  const lessons = Array.from({ length: LESSONS }, (_, i) => ({
    key: `l${i + 1}`,
    kind: 'text',
    title: { en: `Lesson ${i + 1}` },
    body: { en: 'Text' },
    estimatedMinutes: null,
    required: true,
  }));
  await services.catalog.repositories.courses.insert({
    slug,
    sourceLanguage: 'en',
    translationStatus: { en: 'reviewed' },
    reviewedLanguages: ['en'],
    state: 'published',
    authorId: null,
    publishedAt: new Date(),
    title: { en: 'Bench course' },
    summary: {},
    description: {},
    audiences: ['teacher'],
    topics: ['digital-skills'],
    level: 'introductory',
    format: 'self-paced',
    collection: null,
    partners: [],
    estimatedHours: null,
    coverImageFileId: null,
    modules: [{ key: 'm1', title: { en: 'Module' }, lessons: lessons as never }],
  });
  const passwordHash = await hashPassword('bench-password-not-used');
  const learners: Learner[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const user = await services.accounts.users.create({
      email: `bench-${randomBytes(6).toString('hex')}@example.test`,
      passwordHash,
      displayName: 'Bench',
      country: 'KE',
      preferredLanguage: 'en',
      audience: 'teacher',
      gender: null,
      organisation: null,
    });
    if (!user) throw new Error('bench user not created');
    const actor: Actor = { userId: user.id, roles: ['learner'], via: 'token' };
    const { enrolment } = await services.learning.enrolment.enrol(actor, slug, {});
    learners.push({ actor, enrolmentId: enrolment.id });
  }
  return learners;
}

/** Lesson started/completed events cycling over the lessons: completions, replays are rare. */
function eventFor(n: number): ProgressItem {
  const lesson = Math.floor(n / 2) % LESSONS;
  return {
    type: n % 2 === 0 ? 'lesson_started' : 'lesson_completed',
    lessonKey: `l${lesson + 1}`,
    idempotencyKey: `bench-${n}-${randomBytes(4).toString('hex')}`,
    occurredAt: new Date(),
  };
}

/** Runs `count` operations over `workers` concurrent loops; returns operations per second. */
async function rate(count: number, workers: number, op: (worker: number, i: number) => Promise<void>) {
  const started = process.hrtime.bigint();
  const per = Math.ceil(count / workers);
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < per; i++) await op(w, i);
    }),
  );
  return (count / Number(process.hrtime.bigint() - started)) * 1e9;
}

/** Measures ingestion against a raw insertOne loop on the database at `uri`; returns the report. */
export async function progressIngestionReport(uri: string): Promise<string> {
  const connection = await connectDatabase({
    uri,
    serverSelectionTimeoutMs: 5000,
    dbName: `bench_progress_${Date.now()}`,
  });
  try {
    const services = buildServices(connection, loadConfig({ MONGODB_URI: uri }));
    await syncIndexes(connection);
    const learners = await setUp(services, `bench-${randomBytes(3).toString('hex')}`);
    const raw = connection.db?.collection('bench_raw_inserts');
    if (!raw) throw new Error('no database handle');
    const rawRate = await rate(EVENTS, CONCURRENCY, async (w, i) => {
      await raw.insertOne({
        _id: `${w}:${i}` as never,
        ...eventFor(i),
        enrolmentId: learners[w]?.enrolmentId,
      });
    });
    let acknowledged = 0;
    let n = 0;
    const single = await rate(EVENTS, CONCURRENCY, async (w) => {
      const l = learners[w] as Learner;
      const out = await services.learning.progress.record(l.actor, l.enrolmentId, [eventFor(n++)], true);
      acknowledged += out.results.filter((r) => r.status === 'accepted').length;
    });
    const batched = await rate(EVENTS / BATCH, CONCURRENCY, async (w) => {
      const l = learners[w] as Learner;
      const items = Array.from({ length: BATCH }, () => eventFor(n++));
      const out = await services.learning.progress.record(l.actor, l.enrolmentId, items, false);
      acknowledged += out.results.filter((r) => r.status === 'accepted').length;
    });
    const drainStarted = Date.now();
    await services.learning.idle();
    const drainMs = Date.now() - drainStarted;
    const stored = await connection.db?.collection('progress_events').countDocuments({});
    const events = await connection.db
      ?.collection('stats_events')
      .countDocuments({ type: 'lesson_completed' });
    return [
      `progress ingestion (${EVENTS} events per run, ${CONCURRENCY} concurrent learners)`,
      `  raw insertOne loop:        ${rawRate.toFixed(0)} events/s`,
      `  single events via service: ${single.toFixed(0)} events/s   ratio ${(single / rawRate).toFixed(2)}`,
      `  batches of ${BATCH} via service:  ${(batched * BATCH).toFixed(0)} events/s   ratio ${((batched * BATCH) / rawRate).toFixed(2)}`,
      `  acknowledged ${acknowledged}, stored ${stored} (${acknowledged === stored ? 'equal' : 'MISMATCH'})`,
      `  statistics events delivered in the background: ${events} lesson completions, drained ${drainMs} ms after the last acknowledgement`,
    ].join('\n');
  } finally {
    await connection.db?.dropDatabase().catch(() => {});
    await connection.close();
  }
}

if (require.main === module) {
  (async () => {
    const db = await launchDatabase({ uri: loadConfig().db.uri, log: () => {} });
    try {
      process.stdout.write(`${await progressIngestionReport(db.uri)}\n`);
    } finally {
      await db.stop();
    }
  })().catch((err: unknown) => {
    process.stderr.write(`progress bench failed: ${String(err)}\n`);
    process.exit(1);
  });
}
