import express, { type Express } from 'express';
import helmet from 'helmet';
import type { i18n as I18n } from 'i18next';
import type { Config } from './config';
import { collectionRouter } from './modules/catalog/collection.routes';
import { feedbackRouter } from './modules/feedback/feedback.routes';
import { healthRouter } from './modules/health/health.routes';
import type { Services } from './services';
import { localeMiddleware } from './shared/locale.middleware';
import type { Logger } from './shared/logger';
import { notFound, problemHandler } from './shared/problem';
import { requestContext } from './shared/request-context';
import './shared/http.types';

export interface AppDeps {
  readonly config: Pick<Config, 'http' | 'i18n'>;
  readonly logger: Logger;
  readonly i18n: I18n;
  readonly services: Services;
  /** Named readiness checks for /readyz (database, search …). */
  readonly readiness: Readonly<Record<string, () => Promise<boolean>>>;
}

/** Builds the Express app: middleware chain, routers, error mapper. Never listens. */
export function createApp(deps: AppDeps): Express {
  const { config, i18n, services } = deps;
  const locales = { i18n, supported: config.i18n.supportedLocales, fallback: config.i18n.defaultLocale };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  app.use(localeMiddleware(locales));
  app.use(helmet());
  app.use(
    express.json({
      limit: config.http.jsonBodyLimitBytes,
      type: ['application/json', 'application/*+json'],
    }),
  );

  app.use(healthRouter({ checks: deps.readiness }));
  app.use('/api/collections', collectionRouter(services.repositories.collections));
  app.use('/api/feedback', feedbackRouter(services.feedback));

  app.use(notFound);
  app.use(problemHandler(locales));
  return app;
}
