import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext(__filename);
});
afterAll(() => ctx.close());

const PROBLEM = /^application\/problem\+json/;

describe('health', () => {
  it('GET /healthz answers 200 while the process is alive', async () => {
    const res = await request(ctx.app).get('/healthz').expect(200);
    expect(res.body.data.status).toBe('ok');
  });

  it('GET /readyz reports the database and search as up', async () => {
    const res = await request(ctx.app).get('/readyz').expect(200);
    expect(res.body.data).toMatchObject({ status: 'ready', checks: { database: 'up', search: 'up' } });
    // Nothing queued in the background of a process that has done no work.
    expect(res.body.data.background).toEqual({ progress: 0, events: 0, announcements: 0 });
  });
});

describe('malformed JSON is a localized 400 problem', () => {
  it.each([
    ['ar', 'صيغة JSON غير صحيحة', 'ar', 'rtl'],
    ['ru', 'Некорректный JSON', 'ru', 'ltr'],
    ['zh-CN', 'JSON 格式错误', 'zh', 'ltr'],
    ['en-US,en;q=0.9', 'Malformed JSON', 'en', 'ltr'],
  ])('Accept-Language %s', async (acceptLanguage, title, lang, dir) => {
    const res = await request(ctx.app)
      .post('/api/anything')
      .set('Accept-Language', acceptLanguage)
      .set('Content-Type', 'application/json')
      .send('{bad')
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['content-language']).toBe(lang);
    expect(res.body).toMatchObject({
      type: 'urn:learning-hub:problem:malformed_json',
      code: 'malformed_json',
      status: 400,
      title,
      lang,
      dir,
      instance: '/api/anything',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('?lang= wins over Accept-Language', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback?lang=ru')
      .set('Accept-Language', 'ar')
      .set('Content-Type', 'application/json')
      .send('{"message": ')
      .expect(400);
    expect(res.body.title).toBe('Некорректный JSON');
  });
});

describe('other failures', () => {
  it('an unknown route is a 404 problem', async () => {
    const res = await request(ctx.app).get('/api/nowhere').set('Accept-Language', 'zh').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'route_not_found', title: '未找到接口' });
  });

  it('a body over the limit is a 413 problem', async () => {
    const big = JSON.stringify({ message: 'x'.repeat(ctx.config.http.jsonBodyLimitBytes + 10) });
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(await ctx.db.collection('feedback').countDocuments()).toBe(0);
  });

  it('a non-JSON body on a JSON route is a 415 problem', async () => {
    const res = await request(ctx.app)
      .post('/api/feedback')
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('a malformed ?lang= is a 400 answered in the next-best language', async () => {
    const res = await request(ctx.app).get('/healthz?lang=<x>').set('Accept-Language', 'ru').expect(400);
    expect(res.body).toMatchObject({ code: 'invalid_language', lang: 'ru', title: 'Неизвестный язык' });
  });

  it('an unsupported but valid ?lang= falls back without failing', async () => {
    const res = await request(ctx.app).get('/healthz?lang=fr').set('Accept-Language', 'ar').expect(200);
    expect(res.headers['content-language']).toBe('ar');
  });
});

describe('request id and security headers', () => {
  it('echoes a well-formed X-Request-Id and puts it in problems', async () => {
    const res = await request(ctx.app).get('/api/nowhere').set('X-Request-Id', 'abc-123').expect(404);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body.requestId).toBe('abc-123');
  });

  it('replaces a malformed X-Request-Id with a generated one', async () => {
    const res = await request(ctx.app)
      .get('/healthz')
      .set('X-Request-Id', 'bad id {with} spaces')
      .expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends helmet headers and hides the framework', async () => {
    const res = await request(ctx.app).get('/healthz').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('message parameters', () => {
  it.each([
    ['ru', 'Запрошенный объект (курс) не существует.'],
    ['zh', '您请求的课程不存在。'],
    ['ar', 'العنصر المطلوب (الدورة) غير موجود.'],
  ])('names the missing kind of thing in %s', async (lang, detail) => {
    const res = await request(ctx.app)
      .get('/api/courses/no-such-course')
      .set('Accept-Language', lang)
      .expect(404);
    expect(res.body).toMatchObject({ code: 'not_found', detail });
  });
});
