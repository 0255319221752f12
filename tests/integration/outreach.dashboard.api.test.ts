import request from 'supertest';
import { DASHBOARD_CSS_FILE } from '../../server/modules/outreach/dashboard.style';
import { createUser, type TestUser } from '../helpers/auth';
import { seedDashboardEvents, tableOf, YEAR_2025 } from '../helpers/dashboard';
import { createTestContext, type TestContext } from '../helpers/test-app';

/** The staff dashboard over the known events of seedDashboardEvents (see its comment for the figures). */
let ctx: TestContext;
let staff: TestUser;
let learner: TestUser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'], preferredLanguage: 'en' });
  learner = await createUser(ctx);
  await seedDashboardEvents(ctx);
}, 120_000);
afterAll(() => ctx.close());

const page = (query: Record<string, string>, user: TestUser | null = staff) => {
  const req = request(ctx.app).get('/dashboard').query(query);
  return user ? req.set(user.authHeader) : req;
};

describe('GET /dashboard', () => {
  it('answers 401 problem+json to anonymous callers and 403 to non-staff, localized', async () => {
    const anon = await page({ ...YEAR_2025, lang: 'ru' }, null);
    expect(anon.status).toBe(401);
    expect(anon.type).toBe('application/problem+json');
    expect(anon.body.lang).toBe('ru');
    const denied = await page({ ...YEAR_2025, lang: 'ar' }, learner);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'forbidden', lang: 'ar', dir: 'rtl' });
  });

  it('lets admins in', async () => {
    const admin = await createUser(ctx, { roles: ['admin'] });
    expect((await page(YEAR_2025, admin)).status).toBe(200);
  });

  it('validates the period as the stats API does', async () => {
    const res = await page({ from: '2025-05-01', to: '2025-04-01' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('stats_invalid_range');
    const bad = await page({ from: '2025-02-30', to: '2025-04-01', period: 'decade' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['from', 'period']);
  });

  it('serves HTML with a strict CSP: no script, one hashed stylesheet', async () => {
    const res = await page(YEAR_2025);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toMatch(/<script|<style|\sstyle="|\son[a-z]+="/i);
    expect(res.text).toContain(`href="/dashboard/assets/${DASHBOARD_CSS_FILE}"`);
    const css = await request(ctx.app).get(`/dashboard/assets/${DASHBOARD_CSS_FILE}`);
    expect(css.status).toBe(200);
    expect(css.type).toBe('text/css');
    expect(css.headers['cache-control']).toContain('immutable');
    expect((await request(ctx.app).get('/dashboard/assets/other.css')).status).toBe(404);
  });

  it('shows the figures the API publishes, suppression included, in English', async () => {
    const res = await page({ ...YEAR_2025, lang: 'en' });
    expect(res.text).toMatch(/<html lang="en" dir="ltr">/);
    expect(res.text).toContain('<h1>Outreach dashboard</h1>');
    expect(tableOf(res.text, 'over-time')).toEqual([
      ['Mar 2025', '18', '5'],
      ['Apr 2025', '11', '0'],
      ['Total', '29', '5'],
    ]);
    // RU 12, CN 8, KZ 6, EG 3 of 29: EG is <5, and KZ is withheld (x) so that the total cannot reveal EG.
    expect(tableOf(res.text, 'countries')).toEqual([
      ['Russian Federation', '12', '41.4%'],
      ["People's Republic of China", '8', '27.6%'],
      ['Egypt', '<5', '—'],
      ['Kazakhstan', 'x', '—'],
    ]);
    expect(tableOf(res.text, 'languages')).toEqual([
      ['Russian', '18', '62.1%'],
      ['Arabic', '<5', '—'],
      ['Chinese', 'x', '—'],
    ]);
    expect(tableOf(res.text, 'funnel')).toEqual([
      ['Enrolled (enrolments)', '29'],
      ['Active (learners)', '29'],
      ['Completed (courses)', '5'],
      ['Credential issued', '5'],
    ]);
    expect(tableOf(res.text, 'webinars')).toEqual([
      ['webinar-2', '10', '7'],
      ['webinar-1', '8', '6'],
    ]);
    expect(res.text).toContain('Top 4 countries of 4 with enrolments');
    expect(res.text).toContain('2 events in this period.');
  });

  it('matches the stats API cell for cell (regions)', async () => {
    const api = await request(ctx.app)
      .get('/api/stats/breakdown')
      .query({ ...YEAR_2025, metrics: 'enrolments', by: 'region', lang: 'en' })
      .set(staff.authHeader);
    const html = await page({ ...YEAR_2025, lang: 'en' });
    const table = tableOf(html.text, 'regions');
    for (const row of api.body.data.rows as {
      dims: { region: { label: string } };
      values: { enrolments: unknown };
    }[])
      expect(table).toContainEqual(
        expect.arrayContaining([row.dims.region.label, String(row.values.enrolments)]),
      );
    expect(table).toHaveLength(api.body.data.rows.length);
  });

  it('renders in Arabic, right to left, with Arabic headings and country names', async () => {
    const res = await page({ ...YEAR_2025, lang: 'ar' });
    expect(res.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(res.text).toContain('<h1>لوحة إحصاءات التوعية</h1>');
    expect(res.text).toContain('أكثر البلدان مشاركة');
    const share = new Intl.NumberFormat('ar', { style: 'percent', maximumFractionDigits: 1 }).format(12 / 29);
    expect(tableOf(res.text, 'countries')[0]).toEqual(['روسيا', '12', share]);
    expect(res.text).toContain('تنزيل البيانات (CSV)');
  });

  it('uses the staff member’s profile language without ?lang=', async () => {
    const russian = await createUser(ctx, { roles: ['staff'], preferredLanguage: 'ru' });
    const res = await page(YEAR_2025, russian);
    expect(res.text).toMatch(/<html lang="ru" dir="ltr">/);
    expect(res.text).toContain('Панель статистики охвата');
    expect(res.text).toContain('4 ведущие страны из 4');
  });

  it('links each chart to the CSV export of the same query', async () => {
    const res = await page({ ...YEAR_2025, lang: 'en' });
    const links = [...res.text.matchAll(/<a class="download" href="([^"]+)"/g)].map((m) =>
      (m[1] as string).replace(/&amp;/g, '&'),
    );
    expect(links).toHaveLength(5);
    const countries = links.find((l) => l.includes('by=country')) as string;
    expect(countries).toBe(
      '/api/stats/export?format=csv&metrics=enrolments&from=2025-01-01&to=2025-12-31&by=country&lang=en',
    );
    const csv = await request(ctx.app).get(countries).set(staff.authHeader);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv');
    expect(csv.text).toContain('RU,Russian Federation,12');
    expect(csv.text).toContain('EG,Egypt,<5');
  });

  it('degrades to “no data” for a period without events', async () => {
    const res = await page({ from: '2024-01-01', to: '2024-12-31', lang: 'en' });
    expect(res.status).toBe(200);
    expect(res.text.match(/No data for this period\./g)?.length).toBe(6);
    expect(res.text).not.toContain('class="download"');
  });
});
