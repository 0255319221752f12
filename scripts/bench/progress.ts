import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import mongoose, { type Connection } from 'mongoose';
import { loadConfig } from '../../server/config';
import { hashPassword } from '../../server/modules/accounts/password';
import type { ProgressItem } from '../../server/modules/enrolment/progress.service';
import { buildServices, type Services } from '../../server/services';
import type { Actor } from '../../server/shared/auth';
import { syncIndexes } from '../../server/shared/db';
import { launchDatabase } from '../dev-db';
import { writeSection } from './report-section';

/**
 * `npx tsx scripts/bench/progress.ts` (also run by `npm run bench`): progress-event ingestion
 * through the real service (validation, the inbox insert; then, in the background, facts,
 * completion rule, events to outreach statistics) against a raw `insertOne` loop on the same
 * database in the same run. Prints events/s of both, the ratio (goal ≥ 0.5), the same with the
 * applier and statistics drained, and acknowledged vs stored events and facts.
 */

const EVENTS = Number(process.env.BENCH_PROGRESS_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_PROGRESS_CONCURRENCY ?? 10);
const LESSONS = 20;
const BATCH = 20;
/** Sequence number of the next generated event (lesson and idempotency key derive from it). */
let next = 0;
/** `<enrolment>:<lesson>` of every acknowledged completion: the lesson facts there must be. */
const completed = new Set<string>();

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

/**
 * Lesson started/completed events cycling over the lessons: half are completions, of which each
 * learner's first per lesson adds a fact (and a statistics event); later ones change nothing.
 */
function eventFor(n: number): ProgressItem {
  const lesson = Math.floor(n / 2) % LESSONS;
  return {
    type: n % 2 === 0 ? 'lesson_started' : 'lesson_completed',
    lessonKey: `l${lesson + 1}`,
    idempotencyKey: `bench-${n}-${randomBytes(4).toString('hex')}`,
    occurredAt: new Date(),
  };
}

/** Runs `count` operations split evenly over `workers` concurrent loops; returns the seconds taken. */
async function timed(count: number, workers: number, op: (worker: number) => Promise<void>) {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const share = Math.floor(count / workers) + (w < count % workers ? 1 : 0);
      for (let i = 0; i < share; i++) await op(w);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Counts the database commands the driver sends (foreground and background alike); with
 * BENCH_PROGRESS_PROFILE=1 also the count and time per command and collection.
 */
function commandCounter(connection: Connection) {
  let commands = 0;
  const byKind = new Map<string, { n: number; ms: number }>();
  const started = new Map<number, string>();
  const client = connection.getClient();
  client.on('commandStarted', (e) => {
    commands++;
    started.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName])}`);
  });
  const done = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId) ?? '?';
    started.delete(e.requestId);
    const k = byKind.get(key) ?? { n: 0, ms: 0 };
    byKind.set(key, { n: k.n + 1, ms: k.ms + e.duration });
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return {
    count: () => commands,
    /** The most expensive kinds of command since the last call (and resets). */
    profile(): string {
      const rows = [...byKind.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
      byKind.clear();
      return rows.map(([k, v]) => `      ${k}: ${v.n} × ${(v.ms / v.n).toFixed(1)} ms`).join('\n');
    },
  };
}

interface Phase {
  readonly events: number;
  readonly ackSeconds: number;
  readonly drainSeconds: number;
  readonly acknowledged: number;
  readonly stored: number;
  readonly commands: number;
  readonly profile: string;
}

/**
 * One measured phase: `requests` calls of `events` each over CONCURRENCY workers, then the wait
 * for the background work they started (the applier, then statistics deliveries: the drain), so
 * phases do not overlap.
 */
async function phase(
  ctx: {
    services: Services;
    learners: Learner[];
    stored: () => Promise<number>;
    commands: ReturnType<typeof commandCounter>;
  },
  perRequest: number,
  single: boolean,
): Promise<Phase> {
  const before = { stored: await ctx.stored(), commands: ctx.commands.count() };
  ctx.commands.profile();
  let acknowledged = 0;
  const ackSeconds = await timed(EVENTS / perRequest, CONCURRENCY, async (w) => {
    const l = ctx.learners[w] as Learner;
    const items = Array.from({ length: perRequest }, () => eventFor(next++));
    const out = await ctx.services.learning.progress.record(l.actor, l.enrolmentId, items, single);
    out.results.forEach((r, i) => {
      if (r.status !== 'accepted') return;
      acknowledged++;
      const item = items[i] as ProgressItem;
      if (item.type === 'lesson_completed') completed.add(`${l.enrolmentId}:${item.lessonKey}`);
    });
  });
  const drainStarted = process.hrtime.bigint();
  await ctx.services.learning.idle();
  const drainSeconds = Number(process.hrtime.bigint() - drainStarted) / 1e9;
  return {
    events: EVENTS,
    ackSeconds,
    drainSeconds,
    acknowledged,
    stored: (await ctx.stored()) - before.stored,
    commands: ctx.commands.count() - before.commands,
    profile: ctx.commands.profile(),
  };
}

function line(name: string, p: Phase, raw: number): string {
  const ack = p.events / p.ackSeconds;
  const sustained = p.events / (p.ackSeconds + p.drainSeconds);
  return [
    `  ${name}: ${ack.toFixed(0)} events/s acknowledged, ratio ${(ack / raw).toFixed(2)}`,
    `    with the applier and statistics drained: ${sustained.toFixed(0)} events/s, ratio ${(sustained / raw).toFixed(2)} (drain ${p.drainSeconds.toFixed(1)} s)`,
    `    ${(p.commands / p.events).toFixed(1)} database commands per event; acknowledged ${p.acknowledged}, stored ${p.stored} (${p.acknowledged === p.stored ? 'equal' : 'MISMATCH'})`,
    ...(process.env.BENCH_PROGRESS_PROFILE ? [p.profile] : []),
  ].join('\n');
}

/**
 * Measures ingestion against a raw insertOne loop on the database at `uri`; returns the report.
 * Both sides run CONCURRENCY concurrent loops of EVENTS operations; the raw loop runs before and
 * after the service phases and its mean is the reference (the database grows during the run).
 */
export async function progressIngestionReport(uri: string): Promise<string> {
  // Same options as connectDatabase, plus command monitoring for the commands-per-event figure.
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5000,
    bufferCommands: false,
    dbName: `bench_progress_${Date.now()}`,
    monitorCommands: true,
  });
  await connection.asPromise();
  const load = loadavg()[0] ?? 0;
  try {
    const services = buildServices(connection, loadConfig({ MONGODB_URI: uri }));
    await syncIndexes(connection);
    const learners = await setUp(services, `bench-${randomBytes(3).toString('hex')}`);
    // The enrolments' statistics events are delivered before anything is timed.
    await services.learning.idle();
    const db = connection.db;
    if (!db) throw new Error('no database handle');
    const raw = db.collection('bench_raw_inserts');
    // Untimed warm-up (connection pool, the collection's table), so the first timed loop is fair.
    await timed(CONCURRENCY * 5, CONCURRENCY, async () => {
      await raw.insertOne({ _id: `warm:${next++}` as never });
    });
    const rawLoop = async () =>
      EVENTS /
      (await timed(EVENTS, CONCURRENCY, async (w) => {
        await raw.insertOne({
          _id: `${w}:${next}` as never,
          ...eventFor(next++),
          enrolmentId: learners[w]?.enrolmentId,
        });
      }));
    const ctx = {
      services,
      learners,
      stored: () => db.collection('progress_events').countDocuments({}),
      commands: commandCounter(connection),
    };
    const rawBefore = await rawLoop();
    const single = await phase(ctx, 1, true);
    const batched = await phase(ctx, BATCH, false);
    const rawAfter = await rawLoop();
    const rawRate = (rawBefore + rawAfter) / 2;
    const total = await ctx.stored();
    const acknowledged = single.acknowledged + batched.acknowledged;
    const applied = await appliedFacts(db, learners);
    const report = [
      `progress ingestion (${EVENTS} events per phase, ${CONCURRENCY} concurrent learners on both sides)`,
      `  raw insertOne loop: ${rawRate.toFixed(0)} events/s (before ${rawBefore.toFixed(0)}, after ${rawAfter.toFixed(0)})`,
      line('single events via the service', single, rawRate),
      line(`batches of ${BATCH} via the service`, batched, rawRate),
      `  at the end: acknowledged ${acknowledged}, stored ${total} (${acknowledged === total ? 'equal' : 'MISMATCH'})`,
      `  applied: ${applied.lessons} lesson facts for ${completed.size} acknowledged first completions, ${applied.courses} course completions for ${applied.expectedCourses} completed courses (${applied.lessons === completed.size && applied.courses === applied.expectedCourses ? 'equal' : 'MISMATCH'})`,
    ].join('\n');
    writeSection('progress', sectionOf(report, load));
    return report;
  } finally {
    await connection.db?.dropDatabase().catch(() => {});
    await connection.close();
  }
}

/** Lesson and course-completion facts of the bench enrolments, and the completions there must be. */
async function appliedFacts(db: NonNullable<Connection['db']>, learners: readonly Learner[]) {
  const ids = learners.map((l) => l.enrolmentId);
  const facts = db.collection('learning_facts');
  const count = (type: string) => facts.countDocuments({ type, enrolmentId: { $in: ids } });
  const expectedCourses = ids.filter((id) =>
    Array.from({ length: LESSONS }, (_, i) => `${id}:l${i + 1}`).every((k) => completed.has(k)),
  ).length;
  return {
    lessons: await count('lesson_completed'),
    courses: await count('course_completed'),
    expectedCourses,
  };
}

/** The progress section of docs/benchmarks.md: how to read the figures, then this run's. */
function sectionOf(report: string, load: number): string {
  return `## Learning: progress-event ingestion (\`npx tsx scripts/bench/progress.ts\`, also run by \`npm run bench\`)

Progress events through the real service (\`learning.progress.record\`: authorization and validation
from the per-process cache, one insert into the inbox; then, in the background, the applier's facts,
completion rule and credentials, and statistics events through the outbox) against a raw
\`insertOne\` loop on the same database in the same run, both with the same number of concurrent
loops. The raw figure is the mean of a loop before and one after the service phases (after an
untimed warm-up). "Acknowledged" is the ratio goal (≥ 0.5); "with the applier and statistics
drained" adds the time the background work took to finish after the phase (it yields to requests
in flight, docs/learning.md), and the commands per event count every database command of the
phase, background included (independent of machine load). Acknowledged events are checked against
the stored ones per phase and at the end, and the lesson and course-completion facts against the
acknowledged completions once everything is applied. Figures on a shared machine are noisy: the
load average is printed.

- date: ${new Date().toISOString().slice(0, 10)}; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at start ${load.toFixed(1)}

\`\`\`text
${report}
\`\`\``;
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
