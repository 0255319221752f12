import { type Response, Router } from 'express';
import { requireActor } from '../../shared/auth';
import { sendData } from '../../shared/http';
import { handle } from '../../shared/validate';
import type { AuditLog } from '../audit/audit.repository';
import { ExportAborted, writeCsv, writeJson, writeXlsx } from './outreach.export';
import type { Stats } from './outreach.module';
import { BreakdownQuery, ExportQuery, PageviewBody, SummaryQuery } from './outreach.schemas';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** /api/stats — staff figures read from the rollups (the policy table limits them to staff). */
export function statsRouter(deps: { stats: Stats; audit: AuditLog }): Router {
  const { reports } = deps.stats;
  const router = Router();
  router.get(
    '/summary',
    handle({ query: SummaryQuery }, async ({ query }, req, res) => {
      sendData(res, await reports.summary(query, { locale: req.locale.locale, t: req.t }));
    }),
  );
  router.get(
    '/breakdown',
    handle({ query: BreakdownQuery }, async ({ query }, req, res) => {
      sendData(res, await reports.breakdown(reports.query(query), { locale: req.locale.locale, t: req.t }));
    }),
  );
  router.get(
    '/export',
    handle({ query: ExportQuery }, async ({ query }, req, res) => {
      const actor = requireActor(req);
      const q = reports.query(query);
      const report = await reports.stream(q, { locale: req.locale.locale, t: req.t });
      const generatedAt = new Date();
      await deps.audit.append({
        actorId: actor.userId,
        action: 'stats.exported',
        targetType: 'stats',
        targetId: 'breakdown',
        details: { format: query.format, query: JSON.stringify(q), rows: report.rowCount },
        requestId: String(req.id),
      });
      startDownload(res, query.format, `outreach-${q.from}-${q.to}.${query.format}`);
      try {
        if (query.format === 'csv') await writeCsv(res, report, req.t);
        else if (query.format === 'json') await writeJson(res, report);
        else await writeXlsx(res, report, req.t, generatedAt);
      } catch (err) {
        // Nobody is left to answer; the writer stopped at the first write after the disconnect.
        if (!(err instanceof ExportAborted)) throw err;
        req.log.info({ rows: report.rowCount }, 'export aborted by client');
      }
    }),
  );
  return router;
}

function startDownload(res: Response, format: keyof typeof CONTENT_TYPES, filename: string): void {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** /api/analytics — the public page-view beacon: always 204, whether counted or not. */
export function analyticsRouter(stats: Stats): Router {
  const router = Router();
  router.post(
    '/pageviews',
    handle({ body: PageviewBody }, async ({ body }, req, res) => {
      await stats.visitors.record({
        path: body.path,
        language: body.language ?? req.locale.locale,
        ip: req.ip,
        userAgent: req.get('user-agent'),
        optOut: req.get('dnt') === '1' || req.get('sec-gpc') === '1',
      });
      res.status(204).end();
    }),
  );
  return router;
}
