import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser, type ServedApp, serveApp } from '../helpers/browser';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * The API reference page in a real browser: Swagger UI renders every module's tag from our own
 * origin under the page's CSP, with no CSP violation or failed request.
 */
jest.setTimeout(120_000);

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  served = await serveApp(ctx);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx?.close();
});

it('renders the reference from our own origin with no CSP violation', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(served.baseUrl) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  const res = await page.goto(`${served.baseUrl}/docs`);
  expect(res?.status()).toBe(200);
  // Swagger UI renders only what is near the viewport: collect the tags while paging down.
  await page.waitForSelector('.opblock-tag', { timeout: 60_000 });
  const seen = new Set<string | null>();
  for (let i = 0; i < 400 && !seen.has('contract'); i++) {
    for (const tag of await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag'))))
      seen.add(tag);
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(50);
  }
  expect([...seen]).toEqual(
    expect.arrayContaining(['catalog', 'accounts', 'forum', 'enrolment', 'contract']),
  );
  await page.keyboard.press('Home');
  // Expand one operation: parameters, the request body and response models render too.
  await page.locator('.opblock-summary', { hasText: '/api/auth/login' }).first().click();
  await page.waitForSelector('.opblock-body .responses-table', { timeout: 30_000 });
  await page.screenshot({ path: artifactPath('openapi-docs.png') });
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});
