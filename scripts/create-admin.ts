import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { RegisterBody } from '../server/modules/accounts/accounts.schemas';
import { hashPassword } from '../server/modules/accounts/password';
import { normalizeEmail } from '../server/modules/accounts/secrets';
import { buildServices, type Services } from '../server/services';
import { connectDatabase, syncIndexes } from '../server/shared/db';

export interface CreateAdminInput {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly country: string;
  readonly preferredLanguage: string;
}

/**
 * Creates an admin account (verified, roles learner + admin), or grants admin to the existing
 * account with that email (its password is left alone). Audited with the `cli:create-admin` id.
 */
export async function createAdmin(
  services: Services,
  input: CreateAdminInput,
): Promise<{ userId: string; created: boolean }> {
  const parsed = RegisterBody.safeParse({ ...input, audience: 'other' });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const { users, audit } = services.accounts;
  const body = parsed.data;
  const user = await users.create({
    email: normalizeEmail(body.email),
    passwordHash: await hashPassword(body.password),
    displayName: body.displayName,
    country: body.country,
    preferredLanguage: body.preferredLanguage,
    audience: 'other',
    gender: null,
    organisation: null,
    roles: ['learner', 'admin'],
    emailVerifiedAt: new Date(),
  });
  const target = user ?? (await users.findByEmail(normalizeEmail(body.email)));
  if (!target) throw new Error('could not create or find the account');
  if (!user && !target.roles.includes('admin')) await users.setRoles(target.id, [...target.roles, 'admin']);
  if (!user && target.roles.includes('admin')) return { userId: target.id, created: false };
  await audit.append({
    actorId: null,
    action: 'role.granted',
    targetType: 'user',
    targetId: target.id,
    details: { role: 'admin', created: user !== null },
    requestId: 'cli:create-admin',
  });
  return { userId: target.id, created: user !== null };
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  process.stderr.write('Password (min. 10 characters, read from stdin): ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error('no password given (set ADMIN_PASSWORD or pipe it on stdin)');
}

if (require.main === module) {
  // npm run create-admin -- --email a@b.org --name "Ada" --country FR [--language en]
  (async () => {
    const { values } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        country: { type: 'string' },
        language: { type: 'string', default: 'en' },
      },
    });
    if (!values.email || !values.name || !values.country) {
      throw new Error(
        'usage: npm run create-admin -- --email <email> --name <display name> --country <ISO code> [--language <tag>]',
      );
    }
    const config = loadConfig();
    if (!config.db.uri) throw new Error('MONGODB_URI is required for npm run create-admin');
    const password = await readPassword();
    const connection = await connectDatabase({ uri: config.db.uri, serverSelectionTimeoutMs: 5000 });
    const services = buildServices(connection, config);
    await syncIndexes(connection);
    const result = await createAdmin(services, {
      email: values.email,
      password,
      displayName: values.name,
      country: values.country,
      preferredLanguage: values.language ?? 'en',
    });
    process.stdout.write(`${result.created ? 'created admin' : 'granted admin to'} user ${result.userId}\n`);
    await connection.close();
  })().catch((err: unknown) => {
    process.stderr.write(`create-admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
