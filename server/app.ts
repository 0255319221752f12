import express, { type Express } from 'express';
import helmet from 'helmet';
import type { i18n as I18n } from 'i18next';
import type { Config } from './config';
import { authenticationChain } from './modules/accounts/accounts.module';
import { authRouter } from './modules/accounts/auth.routes';
import { meRouter } from './modules/accounts/me.routes';
import { usersRouter } from './modules/accounts/users.routes';
import { auditRouter } from './modules/audit/audit.routes';
import { catalogRouter } from './modules/catalog/catalog.routes';
import { collectionRouter } from './modules/catalog/collection.routes';
import { competitionsRouter } from './modules/competitions/competition.routes';
import { certificateRouter } from './modules/credentials-issued/certificate.routes';
import { credentialsRouter, wellKnownRouter } from './modules/credentials-issued/credentials.routes';
import { enrolmentRouter } from './modules/enrolment/enrolment.routes';
import { feedbackRouter } from './modules/feedback/feedback.routes';
import { filesRouter } from './modules/files/files.routes';
import { forumPagesRouter } from './modules/forum/forum.pages.routes';
import { forumRouter } from './modules/forum/forum.routes';
import { moderationRouter } from './modules/forum/moderation.routes';
import { notificationsRouter } from './modules/forum/notifications.routes';
import { healthRouter } from './modules/health/health.routes';
import { dashboardRouter } from './modules/outreach/dashboard.routes';
import { analyticsRouter, statsRouter } from './modules/outreach/outreach.routes';
import { searchRouter } from './modules/search/search.routes';
import type { SearchService } from './modules/search/search.service';
import { webinarsRouter } from './modules/webinars/webinars.routes';
import { openApiRouter } from './openapi/openapi.routes';
import { policyTable } from './policies';
import type { Services } from './services';
import { corsAllowList } from './shared/cors';
import { localeMiddleware } from './shared/locale.middleware';
import type { Logger } from './shared/logger';
import { enforcePolicies } from './shared/policy';
import { notFound, problemHandler } from './shared/problem';
import { requestContext } from './shared/request-context';
import { urlLengthLimit } from './shared/request-limits';
import './shared/http.types';

export interface AppDeps {
  readonly config: Pick<Config, 'http' | 'i18n'>;
  readonly logger: Logger;
  readonly i18n: I18n;
  readonly services: Services;
  /** Named readiness checks for /readyz (database, search …). */
  readonly readiness: Readonly<Record<string, () => Promise<boolean>>>;
  /** Extra facts /readyz reports (search sync lag …). */
  readonly readinessDetails?: Readonly<Record<string, () => Promise<unknown>>>;
  /** Full-text search (GET /api/search); absent in apps built without it. */
  readonly search?: SearchService;
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
  // Security headers first, so that every answer carries them (errors and preflights too).
  app.use(helmet());
  app.use(corsAllowList(config.http.corsOrigins));
  app.use(localeMiddleware(locales));
  app.use(urlLengthLimit(config.http.maxUrlLength));
  app.use(
    express.json({
      limit: config.http.jsonBodyLimitBytes,
      type: ['application/json', 'application/*+json'],
    }),
  );

  const authn = authenticationChain(services.accounts, locales);
  app.use(authn.chain);
  app.use(enforcePolicies(policyTable));

  const contract = openApiRouter();
  app.use(contract.router);
  app.use(healthRouter({ checks: deps.readiness, details: deps.readinessDetails ?? {} }));
  app.use('/api/collections', collectionRouter(services.repositories.collections));
  app.use('/api/feedback', feedbackRouter(services.feedback));
  app.use('/api/stats/export', services.limits.exports);
  app.use('/api/stats', statsRouter({ stats: services.stats, audit: services.audit }));
  app.use('/api/analytics', analyticsRouter(services.stats));
  app.use('/dashboard', dashboardRouter(services.stats));
  // Before the catalog: /api/credentials/issued|verify and /api/courses/:slug/enrolments are ours.
  app.use('/.well-known', wellKnownRouter(services.learning.credentials));
  app.use('/api', credentialsRouter(services.learning.credentials));
  app.use('/api', enrolmentRouter(services.learning));
  app.use(
    '/credentials',
    certificateRouter(services.learning.credentials, i18n, config.i18n.supportedLocales),
  );
  app.use(catalogRouter(services.catalog, config.i18n.supportedLocales));
  if (deps.search) app.use('/api/search', services.limits.search, searchRouter(deps.search));
  app.use('/api/files', services.limits.uploads, filesRouter(services.files));
  app.use('/api/auth', authRouter({ ...services.accounts, auth: authn.auth }));
  app.use('/api/me/notifications', notificationsRouter(services.forum));
  app.use('/api/me/export', services.limits.exports);
  app.use('/api/me', meRouter(services.accounts));
  app.use('/api/users', usersRouter(services.accounts));
  app.use('/api/audit', auditRouter(services.audit));
  app.use('/api/forum', moderationRouter(services.forum), forumRouter(services.forum));
  app.use('/api/competitions', competitionsRouter(services.competitions));
  app.use('/forum', forumPagesRouter(services.forum));
  app.use('/api', webinarsRouter(services.webinars));

  contract.publish(app); // after every router: the document lists them all
  app.use(notFound);
  app.use(problemHandler(locales));
  return app;
}
