import { z } from 'zod';

export const SubmitFeedbackBody = z.strictObject({
  message: z.string().trim().min(1).max(5000),
  rating: z.number().int().min(1).max(5).optional(),
  pagePath: z.string().startsWith('/').max(500).optional(),
});

export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/)
    .optional(),
});
