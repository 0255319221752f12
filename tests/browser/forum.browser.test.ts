import type { Browser } from 'playwright-core';
import request from 'supertest';
import { createUser } from '../helpers/auth';
import { artifactPath, launchBrowser, type ServedApp, serveApp } from '../helpers/browser';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createCategory, reply, startThread } from '../integration/forum.fixtures';

interface Probe {
  page: string;
  title: string;
  langs: string[];
  posts: string[];
  quotingPost: string | null;
  quote: string | null;
  quoteLang: string | undefined;
  quoteText: string;
  quoteAlign: string | null;
  text: string;
  html: string;
}

// Runs in the page (a string: the project compiles without DOM types). Computed styles, not
// attributes: what the browser actually lays out.
const PROBE = `(() => {
  const dirOf = (el) => (el ? getComputedStyle(el).direction : null);
  const articles = [...document.querySelectorAll('article')];
  const quoting = articles.find((a) => a.querySelector('blockquote')) ?? null;
  const quote = quoting ? quoting.querySelector('blockquote') : null;
  return {
    page: dirOf(document.documentElement),
    title: dirOf(document.querySelector('h1')),
    langs: articles.map((a) => a.lang),
    posts: articles.map(dirOf),
    quotingPost: dirOf(quoting),
    quote: dirOf(quote),
    quoteLang: quote?.lang,
    quoteText: quote?.textContent ?? '',
    quoteAlign: quote ? getComputedStyle(quote).textAlign : null,
    text: document.body.innerText,
    html: document.documentElement.outerHTML,
  };
})()`;

let ctx: TestContext;
let served: ServedApp;
let browser: Browser;
let threadId: string;

// A "Trojan Source" style trick: U+202E would show "exe.txt" as "txt.exe" and reorder the text after it.
const TRICK = 'الملف المرفق \u202Etxt.exe\u202C جاهز';

beforeAll(async () => {
  ctx = await createTestContext(__filename);
  const [staff, amina, john] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { preferredLanguage: 'ar' }),
    createUser(ctx, { preferredLanguage: 'en' }),
  ]);
  const category = await createCategory(ctx, staff, { defaultLanguage: 'ar' });
  const opened = await startThread(
    ctx,
    amina,
    category.id,
    'كيف نقيّم المشاريع الجماعية؟',
    'أشارك **تجربتي** في تقييم المشاريع الجماعية مع طلابي.',
  );
  threadId = opened.thread.id;
  const english = await reply(ctx, john, threadId, 'Rubrics with **peer review** worked well for my class.', {
    lang: 'en',
  }).expect(201);
  await reply(ctx, amina, threadId, `أتفق تمامًا، شكرًا على الفكرة. ${TRICK}`, {
    quotePostId: english.body.data.id,
  }).expect(201);
  await ctx.services.forum.idle();
  served = await serveApp(ctx);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await ctx.close();
});

describe('the server-rendered thread page', () => {
  it('is HTML under a strict CSP, in the reader’s language', async () => {
    const res = await request(ctx.app)
      .get(`/forum/threads/${threadId}`)
      .set('Accept-Language', 'ar')
      .expect(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    expect(res.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(res.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    await request(ctx.app).get('/forum/threads/000000000000000000000000').expect(404);
  });

  it('renders the Arabic post RTL, the English quote inside it LTR, and neutralizes U+202E', async () => {
    const page = await browser.newPage({ locale: 'ar', extraHTTPHeaders: { 'Accept-Language': 'ar' } });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${served.baseUrl}/forum/threads/${threadId}`);
    const directions = await page.evaluate<Probe>(PROBE);
    expect(directions.page).toBe('rtl');
    expect(directions.title).toBe('rtl');
    expect(directions.langs).toEqual(['ar', 'en', 'ar']);
    expect(directions.posts).toEqual(['rtl', 'ltr', 'rtl']);
    expect(directions.quotingPost).toBe('rtl');
    expect(directions.quote).toBe('ltr');
    expect(directions.quoteLang).toBe('en');
    expect(directions.quoteText).toContain('peer review');
    expect(directions.quoteAlign).toBe('start');
    // The override is gone: the file name reads in logical order, as it was typed.
    expect(directions.html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(directions.text).toContain('txt.exe');
    expect(violations).toEqual([]);
    await page.screenshot({ path: artifactPath('forum-ar.png'), fullPage: true });
    await page.close();
  });

  it('keeps the English chrome LTR for an English reader while posts keep their own direction', async () => {
    const page = await browser.newPage({ locale: 'en', extraHTTPHeaders: { 'Accept-Language': 'en' } });
    await page.goto(`${served.baseUrl}/forum/threads/${threadId}`);
    const probe = await page.evaluate<Probe>(PROBE);
    const dirs = { page: probe.page, posts: probe.posts };
    expect(dirs).toEqual({ page: 'ltr', posts: ['rtl', 'ltr', 'rtl'] });
    await page.screenshot({ path: artifactPath('forum-en.png'), fullPage: true });
    await page.close();
  });
});
