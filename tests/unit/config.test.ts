import { ConfigError, loadConfig } from '../../server/config';

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.i18n).toEqual({ defaultLocale: 'en', supportedLocales: ['en', 'ar', 'ru', 'zh'] });
    expect(config.db.uri).toBeUndefined();
    expect(config.search.meiliUrl).toBeUndefined();
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('names every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud', UPLOAD_MAX_BYTES: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(vars.sort()).toEqual(['LOG_LEVEL', 'MONGODB_URI', 'PORT', 'UPLOAD_MAX_BYTES']);
  });

  it('requires a default locale among the supported ones', () => {
    expect(() => loadConfig({ DEFAULT_LOCALE: 'fr', SUPPORTED_LOCALES: 'en,ar' })).toThrow(/DEFAULT_LOCALE/);
  });

  it('demands a real session secret and database in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET[\s\S]*MONGODB_URI/);
  });

  it('parses SUPPORTED_LOCALES as a list', () => {
    expect(loadConfig({ SUPPORTED_LOCALES: 'en, kk ,ru' }).i18n.supportedLocales).toEqual(['en', 'kk', 'ru']);
  });
});
