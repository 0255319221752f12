import type { Options } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import { AppError } from '../../shared/errors';
import { MongoRateLimitStore } from '../accounts/rate-limit.store';

/** Counts one post by `userId`; throws 429 rate_limited (with Retry-After) past the limit. */
export type PostingLimiter = (userId: string) => Promise<void>;

/**
 * The posting limit per user over accounts' MongoDB fixed-window store (`rate_limits`
 * collection), so it holds across app processes.
 */
export function createPostingLimiter(
  connection: Connection,
  limits: { postsPerWindow: number; rateWindowSeconds: number },
  clock: () => Date,
): PostingLimiter {
  const store = new MongoRateLimitStore(connection, 'forum-post:', clock);
  store.init({ windowMs: limits.rateWindowSeconds * 1000 } as Options);
  return async (userId) => {
    const { totalHits, resetTime } = await store.increment(userId);
    if (totalHits > limits.postsPerWindow) {
      const retryAfterSeconds = Math.max(1, Math.ceil((resetTime.getTime() - clock().getTime()) / 1000));
      throw new AppError('rate_limited', { retryAfterSeconds });
    }
  };
}
