import type { Connection } from 'mongoose';
import { createCollectionRepository } from './modules/catalog/collection.repository';
import { createFeedbackRepository } from './modules/feedback/feedback.repository';
import { createFeedbackService } from './modules/feedback/feedback.service';

/** Everything the HTTP layer and the scripts need, built explicitly from one connection. */
export function buildServices(connection: Connection) {
  const repositories = {
    collections: createCollectionRepository(connection),
    feedback: createFeedbackRepository(connection),
  };
  return {
    repositories,
    feedback: createFeedbackService({ feedback: repositories.feedback }),
  };
}

export type Services = ReturnType<typeof buildServices>;
