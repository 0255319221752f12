import { createRuntime } from '../../server/runtime';
import { ROLES, type Role } from '../../server/shared/auth';
import { answerClientErrors } from '../../server/shared/client-errors';
import { createLogger } from '../../server/shared/logger';
import { createUserWithToken, loadTargetConfig } from '../lib/load-target';
import { seedContent } from '../seed';

/**
 * The fuzzing target: the real app on the real database (MONGODB_URI) with the sample catalog,
 * plus one user and API token per role. Reports its port and the tokens over IPC.
 */
async function main(): Promise<void> {
  const config = loadTargetConfig({ LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'error' });
  const runtime = await createRuntime(config, createLogger(config.log.level));
  await seedContent(runtime.services);
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ROLES)
    tokens[role] = await createUserWithToken(runtime.services, {
      email: `fuzz-${role}@example.test`,
      displayName: `Fuzz ${role}`,
      roles: [role],
      country: 'KZ',
      preferredLanguage: 'ru',
    });
  const server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  answerClientErrors(server, config.i18n.defaultLocale);
  process.send?.({ port: (server.address() as { port: number }).port, tokens });
  process.on('disconnect', () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`fuzz server failed: ${String(err)}\n`);
  process.exit(1);
});
