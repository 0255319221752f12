import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createCourse, createDefinition, progressEvent, textLesson } from '../fixtures/learning';
import { createUser } from '../helpers/auth';
import { artifactPath, launchBrowser, type ServedApp, serveApp } from '../helpers/browser';
import { embeddedFonts, hasArabicWord, pdfText } from '../helpers/credential-pdf';
import { decodeQrPng } from '../helpers/credential-qr';
import { createTestContext, type TestContext } from '../helpers/test-app';

interface Probe {
  dirAttr: string | null;
  direction: string;
  recipientAlign: string;
  text: string;
  qr: { width: number; height: number } | null;
  overflows: boolean;
}

// Runs in the page (a string: the project compiles without DOM types); computed styles and
// layout, i.e. what the browser actually shows.
const PROBE = `(() => {
  const qr = document.querySelector('svg.qr');
  const box = qr ? qr.getBoundingClientRect() : null;
  const main = document.querySelector('main');
  return {
    dirAttr: document.documentElement.getAttribute('dir'),
    direction: getComputedStyle(document.documentElement).direction,
    recipientAlign: getComputedStyle(document.querySelector('.recipient')).textAlign,
    text: document.body.innerText,
    qr: box ? { width: box.width, height: box.height } : null,
    overflows: main.scrollWidth > main.clientWidth || document.documentElement.scrollWidth > innerWidth,
  };
})()`;

const NAME = 'مريم عبد الله';
const TITLE = 'المعلّم الرقمي';

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let page: Page;
let credentialId: string;

/** Issues the credential of a one-lesson course to a new learner; returns the credential id. */
async function issueTo(displayName: string, preferredLanguage: string): Promise<string> {
  const user = await createUser(ctx, { preferredLanguage, displayName });
  const course = await createCourse(ctx, { lessons: [textLesson('l1')] });
  await createDefinition(ctx, [course.slug]);
  const enrolment = await request(ctx.app)
    .post(`/api/courses/${course.slug}/enrolments`)
    .set(user.authHeader)
    .send({});
  await request(ctx.app)
    .post(`/api/enrolments/${enrolment.body.data.id}/progress`)
    .set(user.authHeader)
    .send(progressEvent('l1'));
  const mine = await request(ctx.app).get('/api/me/credentials').set(user.authHeader);
  return mine.body.data[0].id;
}

async function downloadPdf(id: string): Promise<Buffer> {
  const res = await page.request.get(`${served.baseUrl}/credentials/${id}/pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toContain(`credential-${id}.pdf`);
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return pdf;
}

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  credentialId = await issueTo(NAME, 'ar');
  served = await serveApp(ctx);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx.close();
});

describe('the Arabic credential page in Chromium', () => {
  it('lays the page out right-to-left with the name, the title and a scannable QR code', async () => {
    const response = await page.goto(`${served.baseUrl}/credentials/${credentialId}?lang=ar`);
    expect(response?.status()).toBe(200);
    const probe = (await page.evaluate(PROBE)) as Probe;
    expect(probe.dirAttr).toBe('rtl');
    expect(probe.direction).toBe('rtl');
    expect(probe.recipientAlign).toBe('center');
    expect(probe.text).toContain(NAME);
    expect(probe.text).toContain(TITLE);
    expect(probe.overflows).toBe(false);
    expect(await page.locator('.recipient').isVisible()).toBe(true);
    expect(await page.locator('.achievement').isVisible()).toBe(true);
    expect(probe.qr?.width).toBeGreaterThan(80);
    expect(probe.qr?.height).toBe(probe.qr?.width);

    const qrShot = await page.locator('svg.qr').screenshot();
    expect(decodeQrPng(qrShot)).toBe(`${ctx.config.publicUrl}/credentials/${credentialId}`);
    await page.screenshot({ path: artifactPath('certificate-ar.png'), fullPage: true });
  });

  it('generates the PDF: the Arabic name extracts and an Arabic font is embedded', async () => {
    const pdf = await downloadPdf(credentialId);
    const text = await pdfText(pdf);
    for (const word of NAME.split(' ')) expect(hasArabicWord(text, word)).toBe(true);
    expect(embeddedFonts(pdf).some((f) => /Arabic|Naskh/i.test(f))).toBe(true);
  }, 60_000);

  it('generates a Chinese PDF with a CJK font embedded and no missing glyphs', async () => {
    const id = await issueTo('王芳', 'zh');
    const pdf = await downloadPdf(id);
    expect(embeddedFonts(pdf).some((f) => /CJK|SC|Han/i.test(f))).toBe(true);
    const text = (await pdfText(pdf)).normalize('NFKC');
    expect(text).toContain('王芳');
    expect(text).toContain('数字化教师');
    expect(text).not.toContain('\uFFFD');
  }, 60_000);
});
