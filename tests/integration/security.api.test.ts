import request from 'supertest';
import { createCourse, createDefinition, progressEvent, textLesson } from '../fixtures/learning';
import { createUser, type TestUser } from '../helpers/auth';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { SAMPLES, sampleBody } from '../unit/files/samples';

const APP_ORIGIN = 'https://app.example.org';
const PARTNER_ORIGIN = 'https://partner.example.net';
const PDF_HEAD = SAMPLES[0]?.head ?? Buffer.alloc(0);

let ctx: TestContext;
let staff: TestUser;
let author: TestUser;
let credentialId: string;

beforeAll(async () => {
  ctx = await createTestContext(__filename, {
    env: {
      CORS_ORIGINS: `${APP_ORIGIN}, ${PARTNER_ORIGIN}/`,
      MAX_URL_LENGTH: '1024',
      RATE_LIMIT_SEARCH_PER_MINUTE: '3',
      RATE_LIMIT_EXPORTS_PER_HOUR: '2',
      RATE_LIMIT_UPLOADS_PER_HOUR: '2',
    },
  });
  [staff, author] = await Promise.all([
    createUser(ctx, { roles: ['staff'] }),
    createUser(ctx, { roles: ['author'] }),
  ]);
  const learner = await createUser(ctx, { preferredLanguage: 'ar' });
  const course = await createCourse(ctx, { lessons: [textLesson('l1')] });
  await createDefinition(ctx, [course.slug]);
  const enrolment = await request(ctx.app)
    .post(`/api/courses/${course.slug}/enrolments`)
    .set(learner.authHeader)
    .send({});
  await request(ctx.app)
    .post(`/api/enrolments/${enrolment.body.data.id}/progress`)
    .set(learner.authHeader)
    .send(progressEvent('l1'));
  credentialId = (await request(ctx.app).get('/api/me/credentials').set(learner.authHeader)).body.data[0].id;
});
afterAll(() => ctx.close());

/** The headers helmet sets, which every answer must carry. */
function expectSecurityHeaders(res: request.Response): void {
  expect(res.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(res.headers['x-powered-by']).toBeUndefined();
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("frame-ancestors 'self'");
}

describe('security headers', () => {
  it('are on API answers, problem+json errors, 404s and 414s alike', async () => {
    const ok = await request(ctx.app).get('/api/courses').expect(200);
    const invalid = await request(ctx.app).get('/api/courses').query({ pageSize: 'many' }).expect(400);
    const missing = await request(ctx.app).get('/api/no-such-route').expect(404);
    const long = await request(ctx.app)
      .get(`/api/courses?q=${'x'.repeat(1100)}`)
      .expect(414);
    for (const res of [ok, invalid, missing, long]) expectSecurityHeaders(res);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('give the HTML certificate page a CSP that allows no script and no foreign source', async () => {
    const res = await request(ctx.app).get(`/credentials/${credentialId}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(res);
    // What the page needs: its own inline <style> (style-src allows it), no script at all.
    expect(res.text).toContain('<style>');
    expect(res.text).not.toMatch(/<script|\son\w+=|<img|<link|<iframe/i);
    expect(res.headers['content-security-policy']).toContain("script-src-attr 'none'");
  });
  it.each([
    ['/docs', 'public'],
    ['/dashboard', 'staff'],
  ])(
    'give %s (HTML) its own stricter CSP: nothing but its own files, no inline script',
    async (path, who) => {
      const res = await request(ctx.app)
        .get(path)
        .set(who === 'staff' ? staff.authHeader : {})
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    },
  );
});

describe('CORS allow-list (CORS_ORIGINS)', () => {
  it('lets a listed origin read answers, with credentials, and names the readable headers', async () => {
    const res = await request(ctx.app).get('/api/courses').set('Origin', PARTNER_ORIGIN).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(PARTNER_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']).toBe(
      'Content-Disposition,ETag,Location,Retry-After,X-Request-Id',
    );
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives any other origin no CORS header at all (and no credentials)', async () => {
    for (const origin of ['https://evil.example.com', 'https://app.example.org.evil.example', 'null']) {
      const res = await request(ctx.app).get('/api/courses').set('Origin', origin).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
    }
    const sameOrigin = await request(ctx.app).get('/api/courses').expect(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a listed origin’s preflight with 204, the methods and headers the API takes', async () => {
    const res = await request(ctx.app)
      .options('/api/me')
      .set('Origin', APP_ORIGIN)
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'content-type,x-csrf-token')
      .expect(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': APP_ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,HEAD,POST,PUT,PATCH,DELETE',
      'access-control-max-age': '600',
    });
    expect(res.headers['access-control-allow-headers']).toContain('X-CSRF-Token');
    expectSecurityHeaders(res);
  });

  it('does not approve an unlisted origin’s preflight', async () => {
    const res = await request(ctx.app)
      .options('/api/me')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'DELETE');
    expect(res.status).not.toBe(204);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('request size limits', () => {
  it('refuses a request target over MAX_URL_LENGTH with 414, localized', async () => {
    const res = await request(ctx.app)
      .get(`/api/courses?q=${'я'.repeat(200)}`)
      .set('Accept-Language', 'ru')
      .expect(414);
    expect(res.body).toMatchObject({ code: 'uri_too_long', title: 'Слишком длинный адрес' });
    expect(res.body.detail).toContain('1024');
  });

  it('refuses headers over 16 KiB (Node) and JSON bodies over JSON_BODY_LIMIT_BYTES', async () => {
    await request(ctx.app)
      .get('/api/courses')
      .set('X-Padding', 'x'.repeat(17 * 1024))
      .expect(431);
    const big = JSON.stringify({ message: 'x'.repeat(ctx.config.http.jsonBodyLimitBytes) });
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Content-Type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    expect(await ctx.db.collection('feedback').countDocuments()).toBe(0);
  });

  it('refuses multipart bodies with too many parts before storing anything', async () => {
    const req = request(ctx.app).post('/api/files').set(author.authHeader);
    for (let i = 0; i < 6; i++) req.field(`f${i}`, 'x');
    const res = await req.attach('file', sampleBody(PDF_HEAD), 'a.pdf').expect(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'too_many_parts' });
    expect(await ctx.db.collection('fs.files').countDocuments()).toBe(0);
  });
});

describe('rate limits on expensive endpoints', () => {
  it('search and suggest share RATE_LIMIT_SEARCH_PER_MINUTE per IP → 429 with Retry-After, localized', async () => {
    await request(ctx.app).get('/api/search').query({ q: 'teacher' }).expect(200);
    await request(ctx.app).get('/api/search/suggest').query({ q: 'tea' }).expect(200);
    await request(ctx.app).get('/api/search').query({ q: 'school' }).expect(200);
    const titles: Record<string, string> = {
      en: 'Too many requests',
      ar: 'طلبات كثيرة جدًا',
      ru: 'Слишком много запросов',
      zh: '请求过多',
    };
    for (const [lng, title] of Object.entries(titles)) {
      const res = await request(ctx.app)
        .get('/api/search/suggest')
        .query({ q: 'tea' })
        .set('Accept-Language', lng)
        .expect(429);
      expectSecurityHeaders(res);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'rate_limited', status: 429, title });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
  });

  it('counts exports per account in MongoDB (RATE_LIMIT_EXPORTS_PER_HOUR)', async () => {
    const exportAs = (user: TestUser) =>
      request(ctx.app)
        .get('/api/stats/export')
        .query({ format: 'csv', metrics: 'enrolments', from: '2025-03-01', to: '2025-03-31' })
        .set(user.authHeader);
    await exportAs(staff).expect(200);
    await exportAs(staff).expect(200);
    const limited = await exportAs(staff).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(
      await ctx.db
        .collection('audit_log')
        .countDocuments({ action: 'stats.exported', actorId: staff.user.id }),
    ).toBe(2);
    expect(
      await ctx.db.collection('rate_limit_hits').countDocuments({ key: `export:user:${staff.user.id}` }),
    ).toBe(3);
    const otherStaff = await createUser(ctx, { roles: ['staff'] });
    await exportAs(otherStaff).expect(200);
  });

  it('counts uploads per account (RATE_LIMIT_UPLOADS_PER_HOUR); reads of files are not limited', async () => {
    const upload = () =>
      request(ctx.app)
        .post('/api/files')
        .set(author.authHeader)
        .attach('file', sampleBody(PDF_HEAD), { filename: 'a.pdf', contentType: 'application/pdf' });
    // The parts test above already counted one upload of this author.
    const stored = await upload().expect(201);
    const limited = await upload().expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(await ctx.db.collection('fs.files').countDocuments()).toBe(1);
    for (let i = 0; i < 4; i++) await request(ctx.app).get(`/api/files/${stored.body.data.id}`).expect(200);
  });
});
