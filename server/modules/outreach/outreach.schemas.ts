import { z } from 'zod';
import { DIMENSIONS, PERIODS } from './outreach.vocabulary';

const list = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'not a calendar date',
      params: { code: 'invalid_date' },
    },
  );

const filterShape = Object.fromEntries(DIMENSIONS.map((d) => [d, list.optional()])) as Record<
  (typeof DIMENSIONS)[number],
  z.ZodOptional<typeof list>
>;

/** GET /api/stats/summary */
export const SummaryQuery = z.object({ from: isoDay.optional(), to: isoDay.optional(), ...filterShape });

/** GET /api/stats/breakdown */
export const BreakdownQuery = SummaryQuery.extend({
  metrics: list.pipe(z.array(z.string()).min(1)),
  by: list.default([]),
  period: z.enum([...PERIODS, 'all']).default('all'),
});

/** GET /api/stats/export */
export const ExportQuery = BreakdownQuery.extend({ format: z.enum(['csv', 'json', 'xlsx']).default('csv') });

/** POST /api/analytics/pageviews — the beacon body (a path, never a full URL with a query). */
export const PageviewBody = z.strictObject({
  path: z.string().startsWith('/').max(500),
  language: z.string().max(35).optional(),
});
