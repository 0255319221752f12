import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Feedback, FeedbackRepository } from './feedback.repository';

export interface SubmitFeedbackInput {
  readonly message: string;
  readonly rating?: number | undefined;
  readonly pagePath?: string | undefined;
  readonly lang: string;
  readonly idempotencyKey?: string | undefined;
}

export interface FeedbackService {
  /** Stores feedback once per idempotency key; a replay returns the original (`created: false`). */
  submit(input: SubmitFeedbackInput): Promise<{ feedback: Feedback; created: boolean }>;
}

/** Anonymous platform feedback. */
export function createFeedbackService(deps: {
  feedback: FeedbackRepository;
  newId?: () => string;
}): FeedbackService {
  const newId = deps.newId ?? randomUUID;
  return {
    async submit(input) {
      const contentHash = createHash('sha256')
        .update(JSON.stringify([input.message, input.rating ?? null, input.pagePath ?? null, input.lang]))
        .digest('hex');
      const result = await deps.feedback.insertOnce({
        message: input.message,
        rating: input.rating ?? null,
        pagePath: input.pagePath ?? null,
        lang: input.lang,
        idempotencyKey: input.idempotencyKey ?? newId(),
        contentHash,
      });
      if (!result.created && result.feedback.contentHash !== contentHash) {
        throw new AppError('idempotency_key_reused');
      }
      return result;
    },
  };
}
