import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import type { AuditLog } from '../audit/audit.repository';
import type { FilesService } from '../files/files.service';
import { createCategoryRepository } from './category.repository';
import { createEnrolmentCheck } from './enrolment.reader';
import type { ForumDeps } from './forum.deps';
import { type ForumEventSink, noForumEvents } from './forum.events';
import { createForumSequence } from './forum.ids';
import { createPostingLimiter } from './forum.limits';
import { createForumSearchSource } from './forum.search-source';
import { createForumService } from './forum.service';
import { createModerationService } from './moderation.service';
import { createNotificationRepository } from './notification.repository';
import { createNotificationService } from './notification.service';
import { createPostRepository } from './post.repository';
import { createPostService } from './post.service';
import { createReportRepository } from './report.repository';
import { createThreadRepository } from './thread.repository';

/** Builds the forum's repositories and services on one connection. */
export function buildForum(
  connection: Connection,
  config: Pick<Config, 'forum'>,
  options: {
    audit: AuditLog;
    files: Pick<FilesService, 'checkFile'>;
    events?: ForumEventSink;
    clock?: () => Date;
  },
) {
  const clock = options.clock ?? (() => new Date());
  const deps: ForumDeps = {
    categories: createCategoryRepository(connection),
    threads: createThreadRepository(connection, createForumSequence(connection)),
    posts: createPostRepository(connection),
    reports: createReportRepository(connection),
    notifications: createNotificationRepository(connection),
    files: options.files,
    audit: options.audit,
    events: options.events ?? noForumEvents,
    enrolled: createEnrolmentCheck(connection),
    limiter: createPostingLimiter(connection, config.forum, clock),
    approvalFirstPosts: config.forum.approvalFirstPosts,
    clock,
  };
  const forum = createForumService(deps);
  const posts = createPostService(deps, forum);
  return {
    deps,
    forum,
    posts,
    moderation: createModerationService(deps, forum, posts),
    notifications: createNotificationService(deps, forum),
    searchSource: createForumSearchSource(deps),
  };
}

export type Forum = ReturnType<typeof buildForum>;
