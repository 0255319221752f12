import { z } from 'zod';
import { data, moduleDocs } from '../registry';
import { Dir, IsoDate } from './common';

const Feedback = z.object({
  id: z.string(),
  message: z.string(),
  rating: z.int().nullable().optional(),
  pagePath: z.string().nullable().optional(),
  lang: z.string(),
  dir: Dir,
  createdAt: IsoDate,
});

/** POST /api/feedback. */
export const feedbackDocs = moduleDocs({
  tag: 'feedback',
  description: 'Anonymous feedback about the site',
  routes: {
    'POST /api/feedback': {
      id: 'submitFeedback',
      summary: 'Leave feedback (Idempotency-Key makes retries safe)',
      responses: {
        201: { description: 'Stored', schema: data(Feedback) },
        200: {
          description: 'A replay of an earlier request with the same Idempotency-Key',
          schema: data(Feedback),
          headers: { 'Idempotent-Replayed': 'true on a replay' },
        },
      },
      errors: [409, 429],
    },
  },
});
