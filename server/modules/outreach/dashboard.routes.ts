import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { handle } from '../../shared/validate';
import { renderDashboard } from './dashboard.page';
import { DASHBOARD_CSS, DASHBOARD_CSS_FILE } from './dashboard.style';
import type { Stats } from './outreach.module';
import { SummaryQuery } from './outreach.schemas';
import { PERIODS } from './outreach.vocabulary';

/** GET /dashboard: the range as the stats API validates it, and the charts' time unit. */
export const DashboardQuery = SummaryQuery.pick({ from: true, to: true }).extend({
  period: z.enum(PERIODS).default('month'),
});

/**
 * No script at all, styles only from our own hashed stylesheet; the charts are inline SVG, which
 * needs no source. Forms submit only to this page.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** /dashboard — the staff dashboard (HTML, server-rendered) and its stylesheet. */
export function dashboardRouter(stats: Pick<Stats, 'dashboard'>): Router {
  const router = Router();
  router.get(
    '/',
    handle({ query: DashboardQuery }, async ({ query }, req, res) => {
      const data = await stats.dashboard.load(query, { locale: req.locale.locale, t: req.t });
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.setHeader('Cache-Control', 'no-store');
      res
        .type('html')
        .send(renderDashboard(data, { locale: req.locale.locale, dir: req.locale.dir, t: req.t }));
    }),
  );
  router.get('/assets/:file', (req, res) => {
    if (req.params.file !== DASHBOARD_CSS_FILE)
      throw new AppError('route_not_found', { params: { method: 'GET' } });
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type('text/css').send(DASHBOARD_CSS);
  });
  return router;
}
