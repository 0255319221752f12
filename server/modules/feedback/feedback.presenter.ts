import { textDirection } from '../../shared/i18n';
import type { Feedback } from './feedback.repository';

/** The public shape of a feedback record (no idempotency internals). */
export function presentFeedback(f: Feedback) {
  return {
    id: f.id,
    message: f.message,
    rating: f.rating,
    pagePath: f.pagePath,
    lang: f.lang,
    dir: textDirection(f.lang),
    createdAt: f.createdAt.toISOString(),
  };
}
