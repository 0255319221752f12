import { timingSafeEqual } from 'node:crypto';
import MongoStore from 'connect-mongo';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Connection } from 'mongoose';
import passport from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { negotiateLocale } from '../../shared/i18n';
import type { LocaleOptions } from '../../shared/locale.middleware';
import type { AccountService } from './account.service';
import type { ApiTokenService } from './api-token.service';
import type { User, UserRepository } from './user.repository';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrfToken?: string;
  }
}

/** Collection holding browser sessions (shared by every app process). */
export const SESSIONS_COLLECTION = 'sessions';
/** Name of the session cookie. */
export const SESSION_COOKIE = 'lh.sid';

/**
 * express-session stored in MongoDB through connect-mongo. Sessions are stored as objects
 * (`stringify: false`) so a user's sessions can be found and ended at password reset or erasure.
 * connect-mongo's own expiry is off: 'native' needs a TTL index (FerretDB has none) and
 * 'interval' deletes with write concern w:0, to which FerretDB 1.24 still replies — the stray
 * reply desynchronizes a pooled connection and fails the next query on it. Expired sessions are
 * refused on read by connect-mongo and deleted by the accounts sweep (maintenance.ts).
 */
export function sessionMiddleware(opts: {
  connection: Connection;
  secret: string;
  ttlSeconds: number;
}): RequestHandler {
  const store = MongoStore.create({
    client: opts.connection.getClient() as never,
    dbName: opts.connection.name,
    collectionName: SESSIONS_COLLECTION,
    ttl: opts.ttlSeconds,
    autoRemove: 'disabled',
    stringify: false,
  });
  const withSession = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: opts.ttlSeconds * 1000 },
  });
  // Sessions start only under /api/auth (login, OIDC); elsewhere a request without the cookie
  // cannot have one, so anonymous and bearer traffic skips the session machinery entirely.
  return (req, res, next) => {
    if (req.path.startsWith('/api/auth') || (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) {
      withSession(req, res, next);
      return;
    }
    next();
  };
}

/** A passport instance of our own (no global singleton): `local` (email+password) and `bearer`. */
export function createPassport(accounts: AccountService, tokens: ApiTokenService): passport.Authenticator {
  const instance = new passport.Authenticator();
  instance.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', session: false },
      (email, password, done) => {
        accounts.authenticate(email, password).then((user) => done(null, user ?? false), done);
      },
    ),
  );
  instance.use(
    new BearerStrategy((secret, done) => {
      tokens.authenticate(secret).then((actor) => done(null, actor ?? false), done);
    }),
  );
  return instance;
}

/** Runs a passport strategy with a custom callback; resolves the user/actor or false. */
export function runStrategy<T>(
  auth: passport.Authenticator,
  name: string,
  req: Request,
  res: Response,
): Promise<T | false> {
  return new Promise((resolve, reject) => {
    const cb = (err: unknown, user: unknown) => (err ? reject(err) : resolve((user as T) || false));
    auth.authenticate(name, { session: false }, cb)(req, res, (err?: unknown) =>
      err ? reject(err) : resolve(false),
    );
  });
}

/** The actor of a signed-in user (sessions carry all of the user's roles). */
export function sessionActor(user: User): Actor {
  return { userId: user.id, roles: user.roles, via: 'session', preferredLanguage: user.preferredLanguage };
}

const BEARER = /^Bearer\s+/i;

/**
 * Sets `req.actor` from a bearer token (invalid or expired → 401 invalid_token) or from the
 * session, then re-negotiates the locale with the user's preferred language
 * (`?lang=` → profile → Accept-Language).
 */
export function actorMiddleware(deps: {
  auth: passport.Authenticator;
  users: UserRepository;
  locales: LocaleOptions;
}): RequestHandler {
  return async (req, res, next) => {
    if (BEARER.test(req.get('authorization') ?? '')) {
      const actor = await runStrategy<Actor>(deps.auth, 'bearer', req, res);
      if (!actor) throw new AppError('invalid_token');
      req.actor = actor;
    } else if (req.session?.userId) {
      const user = await deps.users.findById(req.session.userId);
      if (user) req.actor = sessionActor(user);
      else await destroySession(req);
    }
    if (req.actor?.preferredLanguage) applyProfileLocale(req, res, deps.locales, req.actor.preferredLanguage);
    next();
  };
}

function applyProfileLocale(req: Request, res: Response, locales: LocaleOptions, profile: string): void {
  const query = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  req.locale = negotiateLocale(
    { query, profile, acceptLanguage: req.headers['accept-language'] },
    locales.supported,
    locales.fallback,
  );
  req.t = locales.i18n.getFixedT(req.locale.locale);
  res.setHeader('Content-Language', req.locale.locale);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection (synchronizer token): an unsafe request authenticated by the session cookie
 * must echo the session's token in `X-CSRF-Token`. Bearer requests carry no ambient credential
 * and are exempt. SameSite=Lax already stops most cross-site posts; this covers the rest.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method) || req.actor?.via === 'token' || !req.session?.userId) return next();
  const sent = Buffer.from(req.get('x-csrf-token') ?? '');
  const expected = Buffer.from(req.session.csrfToken ?? '');
  if (expected.length === 0 || sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new AppError('csrf_failed');
  }
  next();
};

/** Promisified session.regenerate (new id at login: no session fixation). */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** Promisified session.save. */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Destroys the current session (if any) in the store. */
export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!req.session) return resolve();
    req.session.destroy((err) => (err ? reject(err) : resolve()));
  });
}
