import type { AuditLog } from '../audit/audit.repository';
import type { FilesService } from '../files/files.service';
import type { CategoryRepository } from './category.repository';
import type { EnrolmentCheck } from './forum.access';
import type { ForumEventSink } from './forum.events';
import type { PostingLimiter } from './forum.limits';
import type { ThreadPageCache } from './forum.page-cache';
import type { NotificationRepository } from './notification.repository';
import type { PostRepository } from './post.repository';
import type { ReportRepository } from './report.repository';
import type { ThreadRepository } from './thread.repository';

/** Everything the forum services use; built once in forum.module.ts. */
export interface ForumDeps {
  readonly categories: CategoryRepository;
  readonly threads: ThreadRepository;
  readonly posts: PostRepository;
  readonly reports: ReportRepository;
  readonly notifications: NotificationRepository;
  readonly files: Pick<FilesService, 'checkFile'>;
  readonly audit: AuditLog;
  readonly events: ForumEventSink;
  readonly enrolled: EnrolmentCheck;
  readonly limiter: PostingLimiter;
  /** Recounts a thread's visible posts (coalesced; see createPostCounter). */
  readonly postCounts: (threadId: string, lastPostAt: Date | null) => Promise<void>;
  /** Anonymous thread pages; every write through these repositories invalidates it. */
  readonly pages: ThreadPageCache;
  /** How many first posts of an account wait for a moderator's approval (0: none). */
  readonly approvalFirstPosts: number;
  readonly clock: () => Date;
}

/** Who acts and under which request (for the audit log). */
export interface ForumContext {
  readonly actor: import('../../shared/auth').Actor;
  readonly requestId: string;
}
