import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createI18n, matchSupported } from '../../shared/i18n';
import type { LocaleOptions } from '../../shared/locale.middleware';
import { type AuditLog, createAuditLog } from '../audit/audit.repository';
import { createAccountService } from './account.service';
import { createAccountMails } from './account-mails';
import { createApiTokenRepository } from './api-token.repository';
import { createApiTokenService } from './api-token.service';
import { actorMiddleware, createPassport, csrfProtection, sessionMiddleware } from './authentication';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './mailer';
import { createAccountsMaintenance } from './maintenance';
import { createOneTimeTokenRepository } from './one-time-token.repository';
import { createPrivacyService } from './privacy.service';
import { createAuthLimiters } from './rate-limit';
import { createRecoveryService } from './recovery.service';
import { createSessionRepository } from './session.repository';
import { createUserRepository } from './user.repository';
import { createUsersService } from './users.service';

/** What the accounts module needs from the configuration. */
export type AccountsConfig = Pick<
  Config,
  'env' | 'mail' | 'oidc' | 'publicUrl' | 'i18n' | 'session' | 'authLimits'
>;

const VERIFY_TTL_HOURS = 48;
const RESET_TTL_MINUTES = 60;
/** Browser sessions last two weeks without activity-based renewal. */
export const SESSION_TTL_SECONDS = 14 * 24 * 3600;

/** The mail transport (SMTP when configured, else the outbox) and the localized account mails. */
function buildMails(connection: Connection, config: AccountsConfig, mailer?: Mailer) {
  const transport =
    mailer ??
    (config.mail.smtpUrl
      ? createSmtpMailer(config.mail.smtpUrl, config.mail.from)
      : createOutboxMailer(connection));
  const i18nReady = createI18n(config.i18n.supportedLocales, config.i18n.defaultLocale);
  return createAccountMails({
    mailer: transport,
    publicUrl: config.publicUrl,
    verifyTtlHours: VERIFY_TTL_HOURS,
    resetTtlMinutes: RESET_TTL_MINUTES,
    async translatorFor(language) {
      const lang = matchSupported(language, config.i18n.supportedLocales) ?? config.i18n.defaultLocale;
      return { t: (await i18nReady).getFixedT(lang), lang };
    },
  });
}

/** Builds the accounts repositories and services on one connection. */
export function buildAccounts(
  connection: Connection,
  config: AccountsConfig,
  options: { clock?: () => Date; mailer?: Mailer; audit?: AuditLog } = {},
) {
  const clock = options.clock ?? (() => new Date());
  const users = createUserRepository(connection);
  const apiTokens = createApiTokenRepository(connection);
  const oneTimeTokens = createOneTimeTokenRepository(connection);
  const audit = options.audit ?? createAuditLog(connection, clock);
  const mails = buildMails(connection, config, options.mailer);
  const accounts = createAccountService({
    users,
    oneTimeTokens,
    mails,
    clock,
    verifyTtlHours: VERIFY_TTL_HOURS,
  });
  const tokens = createApiTokenService({ tokens: apiTokens, users, audit, clock });
  const admin = createUsersService({ users, audit });
  const sessions = createSessionRepository(connection);
  const recovery = createRecoveryService({
    users,
    oneTimeTokens,
    sessions,
    mails,
    clock,
    resetTtlMinutes: RESET_TTL_MINUTES,
  });
  const limiters = createAuthLimiters(connection, config.authLimits, clock);
  const privacy = createPrivacyService({ users, apiTokens, oneTimeTokens, sessions, audit, clock });
  const maintenance = createAccountsMaintenance({ apiTokens, oneTimeTokens, sessions, clock });
  return {
    connection,
    config,
    clock,
    users,
    apiTokens,
    oneTimeTokens,
    audit,
    accounts,
    tokens,
    admin,
    sessions,
    recovery,
    privacy,
    maintenance,
    limiters,
  };
}

export type Accounts = ReturnType<typeof buildAccounts>;

/**
 * The authentication chain mounted before every router: session (MongoDB) → `req.actor` from a
 * bearer token or the session (and the profile's language) → CSRF check for cookie requests.
 */
export function authenticationChain(
  accounts: Accounts,
  locales: LocaleOptions,
): {
  chain: RequestHandler[];
  auth: ReturnType<typeof createPassport>;
} {
  const auth = createPassport(accounts.accounts, accounts.tokens);
  const session = sessionMiddleware({
    connection: accounts.connection,
    secret: accounts.config.session.secret,
    ttlSeconds: SESSION_TTL_SECONDS,
  });
  return {
    auth,
    chain: [session, actorMiddleware({ auth, users: accounts.users, locales }), csrfProtection],
  };
}
