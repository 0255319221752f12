import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { hashPassword } from '../../server/modules/accounts/password';
import { createRuntime } from '../../server/runtime';
import { ROLES, type Role } from '../../server/shared/auth';
import { answerClientErrors } from '../../server/shared/client-errors';
import { createLogger } from '../../server/shared/logger';
import { seedContent } from '../seed';

/**
 * The fuzzing target: the real app on the real database (MONGODB_URI) with the sample catalog,
 * plus one user and API token per role. Reports its port and the tokens over IPC.
 */
async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    ISSUER_KEY_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'error',
    // Fuzzing sends thousands of requests as a handful of users: limits would only hide code paths.
    RATE_LIMIT_SEARCH_PER_MINUTE: '0',
    RATE_LIMIT_EXPORTS_PER_HOUR: '0',
    RATE_LIMIT_UPLOADS_PER_HOUR: '0',
    FORUM_POSTS_PER_WINDOW: '100000000',
  });
  const runtime = await createRuntime(config, createLogger(config.log.level));
  await seedContent(runtime.services);
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ROLES) tokens[role] = await userWithToken(runtime.services, role);
  const server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  answerClientErrors(server, config.i18n.defaultLocale);
  process.send?.({ port: (server.address() as { port: number }).port, tokens });
  process.on('disconnect', () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}

type Services = Awaited<ReturnType<typeof createRuntime>>['services'];

/** A verified user holding `role` (and learner), and an API token carrying those roles. */
async function userWithToken(services: Services, role: Role): Promise<string> {
  const roles: Role[] = role === 'learner' ? ['learner'] : ['learner', role];
  const user = await services.accounts.users.create({
    email: `fuzz-${role}@example.test`,
    passwordHash: await hashPassword(randomBytes(12).toString('hex')),
    displayName: `Fuzz ${role}`,
    country: 'KZ',
    preferredLanguage: 'ru',
    audience: 'teacher',
    gender: null,
    organisation: null,
    roles,
    emailVerifiedAt: new Date(),
  });
  if (!user) throw new Error(`fuzz user for ${role} already exists`);
  const actor = { userId: user.id, roles, via: 'session' as const };
  const { secret } = await services.accounts.tokens.create(
    { actor, requestId: 'fuzz' },
    { name: 'fuzz', scopes: roles, expiresInDays: 1 },
  );
  return secret;
}

main().catch((err: unknown) => {
  process.stderr.write(`fuzz server failed: ${String(err)}\n`);
  process.exit(1);
});
