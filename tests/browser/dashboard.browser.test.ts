import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser, type TestUser } from '../helpers/auth';
import { artifactPath, launchBrowser, type ServedApp, serveApp } from '../helpers/browser';
import { seedDashboardEvents, YEAR_2025 } from '../helpers/dashboard';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * The staff dashboard in a real browser, signed in with a session cookie, in Arabic and English:
 * direction, charts and their tables, the CSV download, no CSP violations; screenshots are kept
 * in tests/artifacts/. Figures: see seedDashboardEvents.
 */
jest.setTimeout(180_000);

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let staff: TestUser;
const PANELS = ['over-time', 'countries', 'regions', 'languages', 'funnel', 'webinars'];

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  staff = await createUser(ctx, { roles: ['staff'] });
  await seedDashboardEvents(ctx);
  served = await serveApp(ctx);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.close();
});

/** A browser context signed in as staff (session cookie), and the dashboard opened in `lang`. */
async function openDashboard(
  lang: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang });
  const login = await context.request.post(`${served.baseUrl}/api/auth/login`, {
    data: { email: staff.user.email, password: staff.password },
  });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  const problems: string[] = [];
  // Failed loads show up as responses; the browser's own favicon probe is not ours to serve.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  const query = new URLSearchParams({ ...YEAR_2025, lang });
  const res = await page.goto(`${served.baseUrl}/dashboard?${query}`);
  expect(res?.status()).toBe(200);
  return { context, page, problems };
}

const rowsOf = (page: Page, id: string) =>
  page
    .locator(`#${id} table tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));

async function checkChartsAndTables(page: Page): Promise<void> {
  for (const id of PANELS) {
    const svg = page.locator(`#${id} figure svg[role="img"]`);
    await expect(svg.count()).resolves.toBe(1);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    // The chart's labels are real text (readable, selectable), not paths.
    expect(await page.locator(`#${id} figure svg text`).count()).toBeGreaterThan(1);
    expect((await rowsOf(page, id)).length).toBeGreaterThan(0);
  }
}

async function checkDownload(page: Page, context: BrowserContext): Promise<void> {
  const link = page.locator('#countries a.download');
  const href = (await link.getAttribute('href')) as string;
  const res = await context.request.get(`${served.baseUrl}${href}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv).toContain('RU,');
  expect(csv).toContain(',12');
}

describe('staff dashboard in a browser', () => {
  it('renders right to left in Arabic with readable charts and tables', async () => {
    const { context, page, problems } = await openDashboard('ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('h1').textContent()).toBe('لوحة إحصاءات التوعية');
    const headings = await page.locator('section.panel h2').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['أكثر البلدان مشاركة', 'مسار الإتمام', 'لغة الدراسة']));
    await checkChartsAndTables(page);
    const countries = await rowsOf(page, 'countries');
    expect(countries[0]?.slice(0, 2)).toEqual(['روسيا', '12']);
    expect(countries.map((r) => r[1])).toEqual(['12', '8', '<5', 'x']);
    expect((await rowsOf(page, 'funnel')).map((r) => r[1])).toEqual(['29', '29', '5', '5']);
    expect((await rowsOf(page, 'webinars'))[0]).toEqual(['webinar-2', '10', '7']);
    // Right to left: the first table column (the labels) sits on the right.
    const cell = await page.locator('#countries tbody tr th').first().boundingBox();
    const table = await page.locator('#countries table').boundingBox();
    expect((cell?.x ?? 0) + (cell?.width ?? 0)).toBeCloseTo((table?.x ?? 0) + (table?.width ?? 0), -1);
    await checkDownload(page, context);
    await page.screenshot({ path: artifactPath('dashboard-ar.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders left to right in English with the same figures and its stylesheet applied', async () => {
    const { context, page, problems } = await openDashboard('en');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await checkChartsAndTables(page);
    expect(await rowsOf(page, 'over-time')).toEqual([
      ['Mar 2025', '18', '5'],
      ['Apr 2025', '11', '0'],
    ]);
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(245, 247, 250)');
    await checkDownload(page, context);
    await page.screenshot({ path: artifactPath('dashboard-en.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
