import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../../server/config';
import { createI18n } from '../../../server/shared/i18n';
import { localeMiddleware } from '../../../server/shared/locale.middleware';
import { createLogger } from '../../../server/shared/logger';
import { notFound, problemHandler } from '../../../server/shared/problem';
import { requestContext } from '../../../server/shared/request-context';

async function appThatThrows(error: unknown, lines: string[]) {
  const { i18n: cfg } = loadConfig({});
  const i18n = await createI18n(cfg.supportedLocales, cfg.defaultLocale);
  const locales = { i18n, supported: cfg.supportedLocales, fallback: cfg.defaultLocale };
  const sink = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = express();
  app.use(requestContext(createLogger('info', {}, sink)));
  app.use(localeMiddleware(locales));
  app.get('/boom', () => {
    throw error;
  });
  app.use(notFound);
  app.use(problemHandler(locales));
  return app;
}

describe('problemHandler', () => {
  it('turns an unexpected error into a generic localized 500 and logs the stack once', async () => {
    const lines: string[] = [];
    const app = await appThatThrows(new TypeError('secret internals at db.users'), lines);
    const res = await request(app)
      .get('/boom')
      .set('Accept-Language', 'ru')
      .set('X-Request-Id', 'r-500')
      .expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'internal', title: 'Что-то пошло не так', requestId: 'r-500' });
    expect(JSON.stringify(res.body)).not.toMatch(/secret internals|TypeError|\.ts:\d+/);
    const logged = lines.map((l) => JSON.parse(l)).filter((e) => e.err?.stack);
    expect(logged).toHaveLength(1);
    expect(logged[0].err.stack).toContain('secret internals');
    expect(logged[0].reqId ?? logged[0].req?.id).toBe('r-500');
  });

  it('answers in Arabic with dir rtl', async () => {
    const app = await appThatThrows(new Error('x'), []);
    const res = await request(app).get('/boom').set('Accept-Language', 'ar-SA').expect(500);
    expect(res.body).toMatchObject({ lang: 'ar', dir: 'rtl', title: 'حدث خطأ ما' });
    expect(res.headers['content-language']).toBe('ar');
  });
});
