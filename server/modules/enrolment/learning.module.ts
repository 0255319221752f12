import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createLogger } from '../../shared/logger';
import type { AuditLog } from '../audit/audit.repository';
import { createCredentialsService } from '../credentials-issued/credentials.service';
import { createIssuanceService, type IssuanceService } from '../credentials-issued/issuance.service';
import { createIssuedCredentialRepository } from '../credentials-issued/issued-credential.repository';
import { createIssuerKeys, didWebFor } from '../credentials-issued/issuer-keys';
import { createKeySealer, resolveKeySecrets } from '../credentials-issued/key-sealing';
import { createPacer } from './background.pacing';
import { createLearningCatalog } from './catalog.reader';
import { createCohortRepository } from './cohort.repository';
import { createEnrolmentRepository } from './enrolment.repository';
import { createEnrolmentService } from './enrolment.service';
import { createFactRepository } from './fact.repository';
import { createLearnerReader } from './learners';
import { createLearningCache } from './learning.cache';
import { createStatsSink, type StatsRecorder } from './learning-events';
import { createOutbox } from './outbox';
import { createProgressApplier } from './progress.applier';
import { createProgressRepository } from './progress.repository';
import { createProgressService } from './progress.service';
import { createQuizService } from './quiz.service';

/** Progress events may be 5 minutes ahead of the server (clock skew) and 30 days old (offline). */
const PROGRESS_WINDOW = { futureMs: 5 * 60_000, pastMs: 30 * 86_400_000 };
/** Facts undelivered this long are delivered by the sweep (the request normally does it). */
const OUTBOX_GRACE_MS = 60_000;
/** Progress records unapplied this long are applied by the sweep (their process normally does it). */
const INBOX_GRACE_MS = 60_000;

/** Enrolment, progress, quizzes and issued credentials on one connection (from buildServices). */
export function buildLearning(
  connection: Connection,
  config: Pick<Config, 'publicUrl' | 'log' | 'issuerKeySecret' | 'dataDir'>,
  options: {
    audit: AuditLog;
    stats: StatsRecorder & { pseudonym(userId: string): string };
    clock?: () => Date;
  },
) {
  const clock = options.clock ?? (() => new Date());
  const logger = createLogger(config.log.level).child({ module: 'learning' });
  const sink = createStatsSink(options.stats);
  const pacer = createPacer();
  const catalog = createLearningCatalog(connection);
  const enrolments = createEnrolmentRepository(connection);
  const cohorts = createCohortRepository(connection);
  const progressRepo = createProgressRepository(connection);
  const issued = createIssuedCredentialRepository(connection);
  const learnerReader = createLearnerReader(connection, (id) => options.stats.pseudonym(id));
  const learners = learnerReader.lookup;
  // Resolved on first use, so building services writes nothing (dev: a secret file in DATA_DIR).
  const keySealer = createKeySealer(() => resolveKeySecrets(config.issuerKeySecret, config.dataDir));
  const keys = createIssuerKeys(
    connection,
    { did: didWebFor(config.publicUrl), name: 'Learning Hub', url: config.publicUrl },
    clock,
    keySealer,
  );
  const facts = createFactRepository(connection);
  // The outbox hooks need issuance, and issuance delivers through the outbox: late-bound.
  let issuance: IssuanceService | undefined;
  const outbox = createOutbox(
    facts,
    sink,
    {
      async beforeRecord(fact) {
        // A completed course may earn credentials: issue them before the completion counts, so a
        // crash in between is retried by the sweep.
        if (fact.type === 'course_completed' && fact.courseSlug)
          await issuance?.evaluateAfterCompletion(fact.userId, fact.courseSlug);
      },
      async confirm(fact) {
        if (fact.type === 'enrolment' && fact.courseSlug)
          return (await enrolments.findByCourseAndUser(fact.courseSlug, fact.userId)) !== null;
        if (fact.type === 'credential_issued') return (await issuance?.confirmIssued(fact)) ?? false;
        return true;
      },
    },
    (err) => logger.error({ err }, 'learning event delivery failed (the sweep will retry)'),
    pacer,
  );
  issuance = createIssuanceService({
    issued,
    enrolments,
    facts,
    progress: progressRepo,
    catalog,
    learners,
    recipient: learnerReader.nameAndLanguage,
    keys,
    outbox,
    publicUrl: config.publicUrl,
    clock,
  });
  const cache = createLearningCache({ enrolments, facts, progress: progressRepo });
  const baseDeps = {
    enrolments,
    facts,
    progress: progressRepo,
    catalog,
    learners,
    outbox,
    cache,
    pacer,
    onCourseCompleted: (userId: string, slug: string) =>
      (issuance as IssuanceService).evaluateAfterCompletion(userId, slug),
    clock,
    window: PROGRESS_WINDOW,
  };
  const applier = createProgressApplier(
    baseDeps,
    (err) => logger.error({ err }, 'applying progress events failed (the sweep will retry)'),
    pacer,
  );
  const progressDeps = { ...baseDeps, applier };
  const credentials = createCredentialsService({
    issued,
    catalog,
    keys,
    audit: options.audit,
    publicUrl: config.publicUrl,
    clock,
  });
  return {
    repositories: { enrolments, cohorts, facts, progress: progressRepo, issued },
    keys,
    keySealer,
    enrolment: createEnrolmentService({
      enrolments,
      cohorts,
      facts,
      progress: progressRepo,
      catalog,
      learners,
      outbox,
      people: learnerReader.people,
      applier,
      cache,
      clock,
    }),
    progress: createProgressService(progressDeps),
    quizzes: createQuizService(progressDeps),
    issuance,
    credentials: {
      ...credentials,
      /** The actor's credentials, once the progress they acknowledged has been applied. */
      async listMine(actor: Parameters<typeof credentials.listMine>[0]) {
        await applier.drain((await enrolments.listByUser(actor.userId)).map((e) => e.id));
        return credentials.listMine(actor);
      },
    },
    /** This process's background work not done yet (/readyz, the soak bench). */
    backlog(): { progress: number; events: number } {
      return { progress: applier.backlog(), events: outbox.backlog() };
    },
    /** Resolves when accepted progress is applied and event deliveries have finished (tests, shutdown). */
    async idle(): Promise<void> {
      await applier.idle();
      await outbox.idle();
    },
    /**
     * Applies progress records and delivers outbox events a crash left behind; returns how many
     * records it checked (not those this process applied itself) and facts it delivered.
     */
    async sweep(now = clock()): Promise<{ records: number; facts: number }> {
      const records = await applier.sweep(now, INBOX_GRACE_MS);
      return { records, facts: await outbox.sweep(now, OUTBOX_GRACE_MS) };
    },
    /** Runs the sweep now (what a crash left) and every `intervalMs` (unref'd); returns a stop function. */
    startSweeper(intervalMs: number, onError: (err: unknown) => void): () => void {
      this.sweep().catch(onError);
      const timer = setInterval(() => {
        this.sweep().catch(onError);
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type Learning = ReturnType<typeof buildLearning>;
