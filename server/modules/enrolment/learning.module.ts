import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createLogger } from '../../shared/logger';
import type { AuditLog } from '../audit/audit.repository';
import { createCredentialsService } from '../credentials-issued/credentials.service';
import { createIssuanceService, type IssuanceService } from '../credentials-issued/issuance.service';
import { createIssuedCredentialRepository } from '../credentials-issued/issued-credential.repository';
import { createIssuerKeys, didWebFor } from '../credentials-issued/issuer-keys';
import { createKeySealer, resolveKeySecrets } from '../credentials-issued/key-sealing';
import { createLearningCatalog } from './catalog.reader';
import { createCohortRepository } from './cohort.repository';
import { createEnrolmentRepository } from './enrolment.repository';
import { createEnrolmentService } from './enrolment.service';
import { createFactRepository } from './fact.repository';
import { createLearnerReader } from './learners';
import { createStatsSink, type StatsRecorder } from './learning-events';
import { createOutbox } from './outbox';
import { createProgressRepository } from './progress.repository';
import { createProgressService } from './progress.service';
import { createQuizService } from './quiz.service';

/** Progress events may be 5 minutes ahead of the server (clock skew) and 30 days old (offline). */
const PROGRESS_WINDOW = { futureMs: 5 * 60_000, pastMs: 30 * 86_400_000 };
/** Facts undelivered this long are delivered by the sweep (the request normally does it). */
const OUTBOX_GRACE_MS = 60_000;

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
  const progressDeps = {
    enrolments,
    facts,
    progress: progressRepo,
    catalog,
    learners,
    outbox,
    onCourseCompleted: (userId: string, slug: string) =>
      (issuance as IssuanceService).evaluateAfterCompletion(userId, slug),
    clock,
    window: PROGRESS_WINDOW,
  };
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
      clock,
    }),
    progress: createProgressService(progressDeps),
    quizzes: createQuizService(progressDeps),
    issuance,
    credentials: createCredentialsService({
      issued,
      catalog,
      keys,
      audit: options.audit,
      publicUrl: config.publicUrl,
      clock,
    }),
    /** Resolves when background event deliveries have finished (tests, graceful shutdown). */
    idle: () => outbox.idle(),
    /** Delivers outbox events a crash left behind; returns how many owners it handled. */
    sweep(now = clock()): Promise<number> {
      return outbox.sweep(now, OUTBOX_GRACE_MS);
    },
    /** Runs the sweep every `intervalMs` (unref'd); returns a stop function. */
    startSweeper(intervalMs: number, onError: (err: unknown) => void): () => void {
      const timer = setInterval(() => {
        this.sweep().catch(onError);
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type Learning = ReturnType<typeof buildLearning>;
