import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createLogger } from '../../shared/logger';
import type { AuditLog } from '../audit/audit.repository';
import type { FilesService } from '../files/files.service';
import { createCategoryRepository } from './category.repository';
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
  config: Pick<Config, 'forum' | 'log'>,
  options: {
    audit: AuditLog;
    files: Pick<FilesService, 'checkFile'>;
    events?: ForumEventSink;
    clock?: () => Date;
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
  const forum = createForumService(deps);
  const postService = createPostService(deps, forum, announcer);
  return {
    deps,
    forum,
    posts: postService,
    moderation: createModerationService(deps, forum, postService),
    notifications: createNotificationService(deps, forum),
    searchSource: createForumSearchSource(deps),
    /** Resolves when background announcements have finished (tests, graceful shutdown). */
    idle: () => announcer.idle(),
    /** Announces posts a crash or error left unannounced; returns how many. */
    sweep: (now = clock()) => announcer.sweep(now, ANNOUNCE_GRACE_MS),
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

export type Forum = ReturnType<typeof buildForum>;
