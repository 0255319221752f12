import type { Connection } from 'mongoose';
import { createUserRepository } from '../accounts/user.repository';
import type { AuditLog } from '../audit/audit.repository';
import type { ForumEventSink } from '../forum/forum.events';
import type { Forum } from '../forum/forum.module';
import { createCompetitionRepository } from './competition.repository';
import { createCompetitionService } from './competition.service';

/** Builds the competition service on one connection, on top of the forum. */
export function buildCompetitions(
  connection: Connection,
  options: { forum: Forum; audit: AuditLog; events: ForumEventSink; clock?: () => Date },
) {
  const users = createUserRepository(connection);
  return createCompetitionService({
    competitions: createCompetitionRepository(connection),
    forum: options.forum,
    audienceOf: async (userId) => (await users.findById(userId))?.audience ?? null,
    audit: options.audit,
    events: options.events,
    clock: options.clock ?? (() => new Date()),
  });
}
