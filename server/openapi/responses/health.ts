import { z } from 'zod';
import { data, moduleDocs } from '../registry';
import { NO_INPUT } from './common';

/** /healthz and /readyz. */
export const healthDocs = moduleDocs({
  tag: 'health',
  description: 'Liveness and readiness probes for load balancers and orchestrators',
  routes: {
    'GET /healthz': {
      id: 'getLiveness',
      summary: 'Liveness: the process answers',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'Alive',
          schema: data(z.object({ status: z.literal('ok'), uptimeSeconds: z.int().min(0) })),
        },
      },
    },
    'GET /readyz': {
      id: 'getReadiness',
      summary: 'Readiness: database and search reachable (503 with the failing checks otherwise)',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'Ready; extra facts such as the search sync lag are included',
          schema: data(
            z.looseObject({
              status: z.literal('ready'),
              checks: z.record(z.string(), z.enum(['up', 'down'])),
              background: z
                .object({
                  progress: z.int().min(0).describe('accepted lesson completions not applied yet'),
                  events: z.int().min(0).describe('statistics events queued for delivery'),
                  announcements: z.int().min(0).describe('forum posts not announced yet'),
                })
                .optional()
                .describe("this process's queued background work"),
            }),
          ),
        },
      },
    },
  },
});
