import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../../server/config';
import { hashPassword } from '../../server/modules/accounts/password';
import type { Runtime } from '../../server/runtime';
import type { Role } from '../../server/shared/auth';

/**
 * The Node flags the server runs with in production (package.json `start`, the Dockerfile):
 * `--optimize-for-size` keeps V8 from letting the heap grow far past what is live — a large
 * export otherwise grew the process by ~290 MiB of uncollected garbage (docs/operations.md,
 * docs/outreach.md § Benchmark). `--single-threaded-gc` runs V8's collector on the main thread:
 * with as many processes as cores (scaling out) helper GC threads only compete with the other
 * processes — two processes served 1,236 req/s with it and 973 without (docs/operations.md).
 * Bench servers use the same flags; BENCH_SERVER_FLAGS replaces them.
 */
export const SERVER_NODE_FLAGS: readonly string[] =
  process.env.BENCH_SERVER_FLAGS !== undefined
    ? process.env.BENCH_SERVER_FLAGS.split(' ').filter(Boolean)
    : ['--optimize-for-size', '--single-threaded-gc'];

/**
 * The configuration of a server that benchmarks and the fuzzer drive: production mode with
 * throwaway secrets, and the per-IP / per-account limits off — one client address sends every
 * request, so the limits would only count 429s and hide code paths. `overrides` win.
 */
export function loadTargetConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    // Fixed, not random: several processes on one database (bench:scale) must unseal the same issuer key.
    SESSION_SECRET: 'x'.repeat(32),
    ISSUER_KEY_SECRET: 'k'.repeat(32),
    LOG_LEVEL: 'silent',
    FORUM_POSTS_PER_WINDOW: '100000000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '0',
    RATE_LIMIT_EXPORTS_PER_HOUR: '0',
    RATE_LIMIT_UPLOADS_PER_HOUR: '0',
    ...overrides,
  });
}

/** A verified user with `roles` (learner included) and an API token with `scopes` (default: all roles). */
export async function createUserWithToken(
  services: Runtime['services'],
  options: {
    readonly email: string;
    readonly displayName: string;
    readonly roles: readonly Role[];
    readonly scopes?: readonly Role[];
    readonly country?: string;
    readonly preferredLanguage?: string;
  },
): Promise<string> {
  const roles = [...new Set<Role>(['learner', ...options.roles])];
  const user = await services.accounts.users.create({
    email: options.email,
    passwordHash: await hashPassword(randomBytes(12).toString('hex')),
    displayName: options.displayName,
    country: options.country ?? 'FR',
    preferredLanguage: options.preferredLanguage ?? 'en',
    audience: 'teacher',
    gender: null,
    organisation: null,
    roles,
    emailVerifiedAt: new Date(),
  });
  if (!user) throw new Error(`user ${options.email} already exists`);
  const actor = { userId: user.id, roles, via: 'session' as const };
  const { secret } = await services.accounts.tokens.create(
    { actor, requestId: 'load-target' },
    { name: 'load-target', scopes: [...(options.scopes ?? roles)], expiresInDays: 1 },
  );
  return secret;
}
