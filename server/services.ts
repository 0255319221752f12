import type { Connection } from 'mongoose';
import { type Config, loadConfig } from './config';
import { buildAccounts } from './modules/accounts/accounts.module';
import { createUserRepository } from './modules/accounts/user.repository';
import { createAuditLog } from './modules/audit/audit.repository';
import { buildCatalog } from './modules/catalog/catalog.wiring';
import { createCollectionRepository } from './modules/catalog/collection.repository';
import { buildCompetitions } from './modules/competitions/competition.module';
import { buildLearning } from './modules/enrolment/learning.module';
import { createFeedbackRepository } from './modules/feedback/feedback.repository';
import { createFeedbackService } from './modules/feedback/feedback.service';
import { createFileRepository } from './modules/files/file.repository';
import { createFilesService } from './modules/files/files.service';
import { buildForum } from './modules/forum/forum.module';
import { forumPrivacy } from './modules/forum/forum.privacy';
import { statsEventSink } from './modules/forum/forum.stats';
import { buildStats } from './modules/outreach/outreach.module';
import { EVENT_TYPES } from './modules/outreach/outreach.vocabulary';
import { buildWebinars } from './modules/webinars/webinars.module';
import { createEndpointLimits } from './shared/endpoint-limits';

/** Everything the HTTP layer and the scripts need, built explicitly from one connection. */
export function buildServices(connection: Connection, config: Config = loadConfig({})) {
  const audit = createAuditLog(connection);
  const repositories = {
    collections: createCollectionRepository(connection),
    feedback: createFeedbackRepository(connection),
  };
  // Built before the feature modules: they emit events through stats.events.recordEvent.
  const stats = buildStats(connection, config);
  const files = createFilesService({ files: createFileRepository(connection), limits: config.uploads });
  const users = createUserRepository(connection);
  const forumEvents = statsEventSink(stats.events, (id) => users.findById(id), EVENT_TYPES);
  const forum = buildForum(connection, config, { audit, files, events: forumEvents });
  const accounts = buildAccounts(connection, config, { audit });
  accounts.privacy.register(forumPrivacy(connection));
  const learning = buildLearning(connection, config, { audit, stats: stats.events });
  const webinars = buildWebinars(connection, {
    stats: stats.events,
    findUser: (id) => users.findById(id),
    learning,
  });
  accounts.privacy.register(webinars.privacy);
  return {
    repositories,
    feedback: createFeedbackService({ feedback: repositories.feedback }),
    catalog: buildCatalog(connection, repositories.collections),
    files,
    audit,
    stats,
    accounts,
    learning,
    webinars,
    forum,
    competitions: buildCompetitions(connection, { forum, audit, events: forumEvents }),
    limits: createEndpointLimits(connection, config.rateLimits),
  };
}

export type Services = ReturnType<typeof buildServices>;
