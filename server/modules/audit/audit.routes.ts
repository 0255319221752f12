import { Router } from 'express';
import { z } from 'zod';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { AuditLog } from './audit.repository';

const AuditQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => q.from < q.to, { params: { code: 'invalid_range' }, path: ['to'] });

/** GET /api/audit — staff read the audit log by time range (ids and codes only). */
export function auditRouter(audit: AuditLog): Router {
  const router = Router();
  router.get(
    '/',
    handle({ query: AuditQuery }, async ({ query }, _req, res) => {
      const items = await audit.listBetween(query.from, query.to, {
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      sendData(
        res,
        items.map((e) => ({ ...e, at: e.at.toISOString() })),
        { pagination: { page: query.page, pageSize: query.pageSize } },
      );
    }),
  );
  return router;
}
