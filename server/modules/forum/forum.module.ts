import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createI18n, matchSupported } from '../../shared/i18n';
import { createLogger } from '../../shared/logger';
import { createOutboxMailer, createSmtpMailer, type Mailer } from '../accounts/mailer';
import { createUserRepository } from '../accounts/user.repository';
import type { AuditLog } from '../audit/audit.repository';
import type { FilesService } from '../files/files.service';
import { createCategoryRepository } from './category.repository';
import { createDigestRepository } from './digest.repository';
import { createDigestService } from './digest.service';
import { createEnrolmentCheck } from './enrolment.reader';
import { createAnnouncer } from './forum.announcer';
import type { ForumDeps } from './forum.deps';
import { type ForumEventSink, noForumEvents } from './forum.events';
import { createForumSequence } from './forum.ids';
import { createPostingLimiter } from './forum.limits';
import { createThreadPageCache, invalidatingWrites } from './forum.page-cache';
import { createForumSearchSource } from './forum.search-source';
import { createForumService } from './forum.service';
import { createPostCounter } from './forum.writer';
import { createModerationService } from './moderation.service';
import { createNotificationRepository } from './notification.repository';
import { createNotificationService } from './notification.service';
import { createPostRepository } from './post.repository';
import { createPostService } from './post.service';
import { createReportRepository } from './report.repository';
import { createThreadRepository } from './thread.repository';

// Unannounced posts older than this are the sweep's (the request's background work is done by then).
const ANNOUNCE_GRACE_MS = 60_000;

/** Builds the forum's repositories and services on one connection. */
export function buildForum(
  connection: Connection,
  config: Pick<Config, 'forum' | 'log' | 'mail' | 'i18n' | 'publicUrl'>,
  options: {
    audit: AuditLog;
    files: Pick<FilesService, 'checkFile'>;
    events?: ForumEventSink;
    clock?: () => Date;
    /** Where digest emails go (default: SMTP when configured, else the `mail_outbox` collection). */
    mailer?: Mailer;
  },
) {
  const clock = options.clock ?? (() => new Date());
  const logger = createLogger(config.log.level).child({ module: 'forum' });
  const pages = createThreadPageCache();
  const invalidate = () => pages.invalidate();
  const threads = invalidatingWrites(
    createThreadRepository(connection, createForumSequence(connection)),
    ['create', 'update', 'touch', 'setPostCount'],
    invalidate,
  );
  const posts = invalidatingWrites(
    createPostRepository(connection),
    ['create', 'edit', 'setStatus', 'moveThread', 'like', 'unlike'],
    invalidate,
  );
  const deps: ForumDeps = {
    categories: invalidatingWrites(
      createCategoryRepository(connection),
      ['create', 'setThreadCount'],
      invalidate,
    ),
    threads,
    posts,
    reports: createReportRepository(connection),
    notifications: createNotificationRepository(connection),
    files: options.files,
    audit: options.audit,
    events: options.events ?? noForumEvents,
    enrolled: createEnrolmentCheck(connection),
    limiter: createPostingLimiter(connection, config.forum, clock),
    approvalFirstPosts: config.forum.approvalFirstPosts,
    postCounts: createPostCounter(threads, posts),
    pages,
    clock,
  };
  const announcer = createAnnouncer(deps, (err) =>
    logger.error({ err }, 'forum announcement failed (the sweep will retry)'),
  );
  const digests = buildDigests(connection, config, deps, options.mailer, (err) =>
    logger.error({ err }, 'forum digest failed (the next run retries it)'),
  );
  const forum = createForumService(deps);
  const postService = createPostService(deps, forum, announcer);
  return {
    deps,
    forum,
    posts: postService,
    moderation: createModerationService(deps, forum, postService),
    notifications: createNotificationService(deps, forum),
    searchSource: createForumSearchSource(deps),
    digests,
    /** Resolves when background announcements have finished (tests, graceful shutdown). */
    idle: () => announcer.idle(),
    /** Posts whose announcement has not finished in this process (/readyz). */
    backlog: () => announcer.backlog(),
    /** Announces posts a crash or error left unannounced; returns how many. */
    sweep: (now = clock()) => announcer.sweep(now, ANNOUNCE_GRACE_MS),
    /**
     * Runs the daily and weekly digests every `intervalMs` (unref'd): a digest goes out on the
     * first run of its day or ISO week; every app process may run it (claims make it once).
     */
    startDigestScheduler(intervalMs: number): () => void {
      const run = () => {
        for (const period of ['daily', 'weekly'] as const)
          digests.run(period, clock()).catch((err) => logger.error({ err }, 'forum digest run failed'));
      };
      const timer = setInterval(run, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    /** Runs the sweep every `intervalMs` (unref'd); returns a stop function. */
    startSweeper(intervalMs: number): () => void {
      const timer = setInterval(() => {
        announcer
          .sweep(clock(), ANNOUNCE_GRACE_MS)
          .catch((err) => logger.error({ err }, 'forum sweep failed'));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** The digest service with the accounts' mail transport and a translator per user language. */
function buildDigests(
  connection: Connection,
  config: Pick<Config, 'mail' | 'i18n' | 'publicUrl'>,
  deps: ForumDeps,
  mailer: Mailer | undefined,
  onError: (err: unknown) => void,
) {
  const { supportedLocales, defaultLocale } = config.i18n;
  let i18n: ReturnType<typeof createI18n> | undefined;
  return createDigestService({
    digests: createDigestRepository(connection),
    notifications: deps.notifications,
    users: createUserRepository(connection),
    mailer:
      mailer ??
      (config.mail.smtpUrl
        ? createSmtpMailer(config.mail.smtpUrl, config.mail.from)
        : createOutboxMailer(connection)),
    async translatorFor(language) {
      i18n ??= createI18n(supportedLocales, defaultLocale);
      const lang = matchSupported(language, supportedLocales) ?? defaultLocale;
      return { t: (await i18n).getFixedT(lang), lang };
    },
    publicUrl: config.publicUrl,
    clock: deps.clock,
    onError,
  });
}

export type Forum = ReturnType<typeof buildForum>;
