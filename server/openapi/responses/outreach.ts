import { z } from 'zod';
import { data, moduleDocs } from '../registry';

const Shown = z
  .union([z.number(), z.string(), z.null()])
  .meta({ description: 'A figure, or the suppression marker (e.g. "<5") for small counts' });
const Report = z.object({
  query: z.object({
    metrics: z.array(z.string()),
    by: z.array(z.string()),
    period: z.string(),
    from: z.string(),
    to: z.string(),
    filters: z.record(z.string(), z.array(z.string())),
  }),
  timezone: z.string(),
  suppression: z.object({ k: z.int(), marker: z.string() }),
  rows: z.array(
    z.object({
      period: z.string().nullable(),
      dims: z.record(z.string(), z.object({ code: z.string().nullable(), label: z.string() })),
      values: z.record(z.string(), Shown),
    }),
  ),
  totals: z.record(z.string(), Shown),
});

/** Outreach statistics (staff) and the public page-view beacon. */
export const outreachDocs = moduleDocs({
  tag: 'outreach',
  description: 'Outreach figures from write-time rollups, with small-count suppression; see docs/outreach.md',
  routes: {
    'GET /api/stats/summary': {
      id: 'getStatsSummary',
      summary: 'Headline figures for a date range',
      responses: { 200: { description: 'Totals (suppressed where small)', schema: data(Report) } },
    },
    'GET /api/stats/breakdown': {
      id: 'getStatsBreakdown',
      summary: 'Figures broken down by dimensions and period',
      responses: { 200: { description: 'Rows and totals', schema: data(Report) } },
    },
    'GET /api/stats/export': {
      id: 'exportStats',
      summary: 'The breakdown as a CSV, JSON or XLSX download (audited, streamed)',
      responses: {
        200: {
          description: 'The file, as an attachment',
          media: {
            'text/csv': {},
            'application/json': { schema: data(Report) },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {},
          },
          headers: { 'Content-Disposition': 'attachment; filename="outreach-<from>-<to>.<format>"' },
        },
      },
      errors: [429],
    },
    'GET /dashboard': {
      id: 'getStaffDashboard',
      summary: 'The staff dashboard: server-rendered charts and tables (HTML, no script)',
      responses: { 200: { description: 'HTML page', media: { 'text/html': {} } } },
    },
    'GET /dashboard/assets/:file': {
      id: 'getStaffDashboardAsset',
      summary: 'The dashboard’s stylesheet (content-hashed name, cached for a year)',
      request: {},
      responses: { 200: { description: 'CSS', media: { 'text/css': {} } } },
    },
    'POST /api/analytics/pageviews': {
      id: 'recordPageview',
      summary: 'Page-view beacon (always 204; honours DNT and Sec-GPC)',
      responses: { 204: { description: 'Recorded or ignored' } },
      errors: [429],
    },
  },
});
