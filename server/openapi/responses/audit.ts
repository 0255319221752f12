import { z } from 'zod';
import { moduleDocs, paged } from '../registry';
import { IsoDate } from './common';

const AuditEntry = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  action: z.string().meta({ description: 'Stable action code, e.g. role.granted' }),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  requestId: z.string(),
  at: IsoDate,
});

/** GET /api/audit. */
export const auditDocs = moduleDocs({
  tag: 'audit',
  description: 'The audit log (ids and codes, no personal data)',
  routes: {
    'GET /api/audit': {
      id: 'listAuditEntries',
      summary: 'Audit entries in a time range',
      responses: {
        200: { description: 'A page of entries, oldest first', schema: paged(z.array(AuditEntry)) },
      },
    },
  },
});
