import { z } from 'zod';

const LOCALE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const csvLocales = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(LOCALE_TAG, 'not a BCP 47 language tag')).min(1));

// Browser origins (scheme://host[:port]) allowed to call the API cross-origin, with credentials.
const csvOrigins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'not an origin (scheme://host[:port])')));

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    MONGODB_URI: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
    DATA_DIR: z.string().default('.data'),
    MEILI_URL: optionalUrl,
    MEILI_API_KEY: z.string().optional(),
    SESSION_SECRET: z.string().optional(),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    SMTP_URL: optionalUrl,
    MAIL_FROM: z.string().default('Learning Hub <no-reply@localhost>'),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_REDIRECT_URI: optionalUrl,
    AUTH_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    AUTH_LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(100),
    AUTH_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    AUTH_REGISTER_MAX_PER_IP: z.coerce.number().int().positive().default(30),
    DEFAULT_LOCALE: z.string().regex(LOCALE_TAG, 'not a BCP 47 language tag').default('en'),
    SUPPORTED_LOCALES: csvLocales.default(['en', 'ar', 'ru', 'zh']),
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(2 * 1024 ** 3),
    UPLOAD_VIDEO_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(2 * 1024 ** 3),
    UPLOAD_AUDIO_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(500 * 1024 ** 2),
    UPLOAD_DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 ** 2),
    UPLOAD_IMAGE_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 ** 2),
    CORS_ORIGINS: csvOrigins.default([]),
    MAX_URL_LENGTH: z.coerce.number().int().min(256).default(8192),
    RATE_LIMIT_SEARCH_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_EXPORTS_PER_HOUR: z.coerce.number().int().min(0).default(30),
    RATE_LIMIT_UPLOADS_PER_HOUR: z.coerce.number().int().min(0).default(120),
    JSON_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    FORUM_APPROVAL_FIRST_POSTS: z.coerce.number().int().min(0).default(0),
    FORUM_POSTS_PER_WINDOW: z.coerce.number().int().positive().default(30),
    FORUM_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
    STATS_TIMEZONE: z
      .string()
      .refine(isTimeZone, 'not an IANA time zone (e.g. UTC, Europe/Paris)')
      .default('UTC'),
    STATS_SUPPRESSION_K: z.coerce.number().int().min(1).max(100).default(5),
    STATS_PSEUDONYM_SECRET: z.string().optional(),
    ISSUER_KEY_SECRET: z.string().optional(),
    ISSUER_KEY_SECRET_PREVIOUS: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    REQUEST_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(60 * 60 * 1000),
    SEED_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (!env.SUPPORTED_LOCALES.includes(env.DEFAULT_LOCALE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEFAULT_LOCALE'],
        message: `must be one of SUPPORTED_LOCALES (${env.SUPPORTED_LOCALES.join(',')})`,
      });
    }
    if (env.NODE_ENV === 'production' && (env.SESSION_SECRET ?? '').length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'must be set to at least 32 characters in production',
      });
    }
    if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_ID'],
        message: 'is required when OIDC_ISSUER is set',
      });
    }
    if (env.NODE_ENV === 'production' && (env.ISSUER_KEY_SECRET ?? '').length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['ISSUER_KEY_SECRET'],
        message:
          'must be set to at least 32 characters in production (it encrypts the credential signing key)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.MONGODB_URI) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URI'], message: 'is required in production' });
    }
  });

/** The whole runtime configuration, parsed once from the environment and frozen. */
export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly jsonBodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
    /** Longest time to receive one whole request (large uploads); 0 disables the limit. */
    readonly requestTimeoutMs: number;
    /** Origins allowed to call the API from a browser on another origin (CORS, with credentials). */
    readonly corsOrigins: readonly string[];
    /** Longest request target (path and query string) accepted; longer → 414. */
    readonly maxUrlLength: number;
  };
  /** Limits on expensive endpoints (0 = off): search per IP, exports and uploads per account. */
  readonly rateLimits: {
    readonly searchPerMinute: number;
    readonly exportsPerHour: number;
    readonly uploadsPerHour: number;
  };
  readonly db: { readonly uri: string | undefined; readonly serverSelectionTimeoutMs: number };
  readonly dataDir: string;
  readonly search: { readonly meiliUrl: string | undefined; readonly meiliApiKey: string | undefined };
  readonly session: { readonly secret: string };
  /** Base URL of the web front end, for links in mails. */
  readonly publicUrl: string;
  /** SMTP when smtpUrl is set; otherwise mails go to the `mail_outbox` collection (dev, tests). */
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  /** OpenID Connect single sign-on, when OIDC_ISSUER is set. */
  readonly oidc:
    | {
        readonly issuer: string;
        readonly clientId: string;
        readonly clientSecret: string | undefined;
        readonly redirectUri: string;
      }
    | undefined;
  /** Abuse limits on sign-in and registration, per window (per IP, and failures per account). */
  readonly authLimits: {
    readonly windowSeconds: number;
    readonly loginPerIp: number;
    readonly failuresPerAccount: number;
    readonly registerPerIp: number;
  };
  readonly i18n: { readonly defaultLocale: string; readonly supportedLocales: readonly string[] };
  /** Upload size limits: per kind of file, each capped by maxBytes. */
  readonly uploads: {
    readonly maxBytes: number;
    readonly kindMaxBytes: {
      readonly video: number;
      readonly audio: number;
      readonly document: number;
      readonly image: number;
    };
  };
  /** Forum: how many first posts of an account wait for approval (0 = none); posting rate limit. */
  readonly forum: {
    readonly approvalFirstPosts: number;
    readonly postsPerWindow: number;
    readonly rateWindowSeconds: number;
  };
  /** Outreach statistics: day buckets in `timezone`; cells 1..k−1 suppressed; pseudonym HMAC key. */
  readonly stats: {
    readonly timezone: string;
    readonly suppressionK: number;
    readonly pseudonymSecret: string;
  };
  readonly log: { readonly level: string };
  readonly seedOnStart: boolean;
  /**
   * Key-encryption secret of the credential signing keys (and the one before, while rotating);
   * undefined outside production: a random one is generated into DATA_DIR.
   */
  readonly issuerKeySecret: { readonly current: string | undefined; readonly previous: string | undefined };
}

/** Thrown at startup when the environment is invalid; names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SESSION_SECRET = 'development-only-session-secret-change-me';

/** Parses `env` (process.env by default) into a frozen Config, or throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '(env)')}: ${i.message}`));
  }
  const e = parsed.data;
  return deepFreeze({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      jsonBodyLimitBytes: e.JSON_BODY_LIMIT_BYTES,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      corsOrigins: e.CORS_ORIGINS,
      maxUrlLength: e.MAX_URL_LENGTH,
    },
    rateLimits: {
      searchPerMinute: e.RATE_LIMIT_SEARCH_PER_MINUTE,
      exportsPerHour: e.RATE_LIMIT_EXPORTS_PER_HOUR,
      uploadsPerHour: e.RATE_LIMIT_UPLOADS_PER_HOUR,
    },
    db: { uri: e.MONGODB_URI, serverSelectionTimeoutMs: e.DB_SERVER_SELECTION_TIMEOUT_MS },
    dataDir: e.DATA_DIR,
    search: { meiliUrl: e.MEILI_URL, meiliApiKey: e.MEILI_API_KEY },
    session: { secret: e.SESSION_SECRET ?? DEV_SESSION_SECRET },
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID ?? '',
          clientSecret: e.OIDC_CLIENT_SECRET,
          redirectUri: e.OIDC_REDIRECT_URI ?? `${e.PUBLIC_URL.replace(/\/+$/, '')}/api/auth/oidc/callback`,
        }
      : undefined,
    authLimits: {
      windowSeconds: e.AUTH_WINDOW_SECONDS,
      loginPerIp: e.AUTH_LOGIN_MAX_PER_IP,
      failuresPerAccount: e.AUTH_LOGIN_MAX_FAILURES,
      registerPerIp: e.AUTH_REGISTER_MAX_PER_IP,
    },
    i18n: { defaultLocale: e.DEFAULT_LOCALE, supportedLocales: e.SUPPORTED_LOCALES },
    uploads: {
      maxBytes: e.UPLOAD_MAX_BYTES,
      kindMaxBytes: {
        video: e.UPLOAD_VIDEO_MAX_BYTES,
        audio: e.UPLOAD_AUDIO_MAX_BYTES,
        document: e.UPLOAD_DOCUMENT_MAX_BYTES,
        image: e.UPLOAD_IMAGE_MAX_BYTES,
      },
    },
    forum: {
      approvalFirstPosts: e.FORUM_APPROVAL_FIRST_POSTS,
      postsPerWindow: e.FORUM_POSTS_PER_WINDOW,
      rateWindowSeconds: e.FORUM_RATE_WINDOW_SECONDS,
    },
    stats: {
      timezone: e.STATS_TIMEZONE,
      suppressionK: e.STATS_SUPPRESSION_K,
      pseudonymSecret: e.STATS_PSEUDONYM_SECRET ?? e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    },
    log: { level: e.LOG_LEVEL },
    seedOnStart: e.SEED_ON_START,
    issuerKeySecret: { current: e.ISSUER_KEY_SECRET, previous: e.ISSUER_KEY_SECRET_PREVIOUS },
  });
}

/** Returns a copy of `config` with the database URI set (used once the launcher has one). */
export function withDatabaseUri(config: Config, uri: string): Config {
  return deepFreeze({ ...config, db: { ...config.db, uri } });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
