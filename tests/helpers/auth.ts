import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { hashPassword } from '../../server/modules/accounts/password';
import type { User } from '../../server/modules/accounts/user.repository';
import type { Role } from '../../server/shared/auth';
import type { Audience, Gender } from '../../server/shared/vocabulary';
import type { TestContext } from './test-app';

/** A user made for a test, with a bearer token for supertest. */
export interface TestUser {
  readonly user: User;
  /** The plain password (for loginAgent or login tests). */
  readonly password: string;
  /** An API token secret whose scopes are all the user's roles. */
  readonly token: string;
  /** `{ Authorization: 'Bearer …' }`, for `request(app).get(…).set(authHeader)`. */
  readonly authHeader: { readonly Authorization: string };
}

export interface CreateUserOptions {
  readonly roles?: readonly Role[];
  readonly email?: string;
  readonly password?: string;
  readonly displayName?: string;
  readonly country?: string;
  readonly preferredLanguage?: string;
  readonly audience?: Audience;
  readonly gender?: Gender | null;
  readonly organisation?: string | null;
  /** Email verified (default true). */
  readonly verified?: boolean;
}

/**
 * Creates a user straight through the repository (no mail, no rate limit) and an API token
 * with all its roles. Emails are unique per call, so tests never collide.
 */
export async function createUser(ctx: TestContext, options: CreateUserOptions = {}): Promise<TestUser> {
  const password = options.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const roles = [...(options.roles ?? ['learner'])];
  const { accounts } = ctx.services;
  const user = await accounts.users.create({
    email: options.email ?? `user-${randomBytes(6).toString('hex')}@example.test`,
    passwordHash: await hashPassword(password),
    displayName: options.displayName ?? 'Test User',
    country: options.country ?? 'FR',
    preferredLanguage: options.preferredLanguage ?? 'en',
    audience: options.audience ?? 'teacher',
    gender: options.gender ?? null,
    organisation: options.organisation ?? null,
    roles,
    emailVerifiedAt: options.verified === false ? null : new Date(),
  });
  if (!user) throw new Error(`createUser: email already taken: ${options.email}`);
  const actor = { userId: user.id, roles, via: 'session' as const };
  const { secret } = await accounts.tokens.create(
    { actor, requestId: 'test' },
    { name: 'test', scopes: roles, expiresInDays: 1 },
  );
  return { user, password, token: secret, authHeader: { Authorization: `Bearer ${secret}` } };
}

/**
 * Signs `user` in through POST /api/auth/login and returns a supertest agent carrying the
 * session cookie and, on every request, the session's X-CSRF-Token header.
 */
export async function loginAgent(
  ctx: TestContext,
  user: Pick<TestUser, 'user' | 'password'>,
): Promise<{ agent: TestAgent; csrfToken: string }> {
  const agent = request.agent(ctx.app);
  const res = await agent.post('/api/auth/login').send({ email: user.user.email, password: user.password });
  if (res.status !== 200)
    throw new Error(`loginAgent: login answered ${res.status} ${JSON.stringify(res.body)}`);
  const csrfToken = res.body.data.csrfToken as string;
  agent.set('X-CSRF-Token', csrfToken);
  return { agent, csrfToken };
}
