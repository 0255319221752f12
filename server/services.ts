import type { Connection } from 'mongoose';
import { type Config, loadConfig } from './config';
import { buildAccounts } from './modules/accounts/accounts.module';
import { createAuditLog } from './modules/audit/audit.repository';
import { buildCatalog } from './modules/catalog/catalog.wiring';
import { createCollectionRepository } from './modules/catalog/collection.repository';
import { createFeedbackRepository } from './modules/feedback/feedback.repository';
import { createFeedbackService } from './modules/feedback/feedback.service';
import { createFileRepository } from './modules/files/file.repository';
import { createFilesService } from './modules/files/files.service';

/** Everything the HTTP layer and the scripts need, built explicitly from one connection. */
export function buildServices(connection: Connection, config: Config = loadConfig({})) {
  const audit = createAuditLog(connection);
  const repositories = {
    collections: createCollectionRepository(connection),
    feedback: createFeedbackRepository(connection),
  };
  return {
    repositories,
    feedback: createFeedbackService({ feedback: repositories.feedback }),
    catalog: buildCatalog(connection, repositories.collections),
    files: createFilesService({ files: createFileRepository(connection), limits: config.uploads }),
    audit,
    accounts: buildAccounts(connection, config, { audit }),
  };
}

export type Services = ReturnType<typeof buildServices>;
