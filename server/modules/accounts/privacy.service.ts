import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit.repository';
import { presentMe, presentToken } from './accounts.presenter';
import type { ApiTokenRepository } from './api-token.repository';
import type { CallContext } from './api-token.service';
import type { OneTimeTokenRepository } from './one-time-token.repository';
import { verifyPassword } from './password';
import type { SessionRepository } from './session.repository';
import type { UserRepository } from './user.repository';

/**
 * What another module stores about a user, for the privacy rights. Modules holding personal
 * data (enrolments, progress, credentials, forum) register one in server/services.ts.
 */
export interface PrivacyContributor {
  /** Key of this module's section in the export, e.g. `enrolments`. */
  readonly name: string;
  /** Everything this module holds about the user, as plain JSON. */
  export(userId: string): Promise<unknown>;
  /**
   * Deletes the user's personal data. Records that feed statistics (enrolment and completion
   * events, rollups) are kept with `userId` replaced by `pseudonym` — random, the same for all
   * of this user's records, linked to nothing — so totals by country and course do not change.
   */
  erase(userId: string, pseudonym: string): Promise<void>;
}

export interface PrivacyService {
  /** Adds a module's contributor (wiring time, in server/services.ts). */
  register(contributor: PrivacyContributor): void;
  /** Everything stored about the user: profile, token metadata, audit entries, module sections. */
  exportFor(userId: string): Promise<Record<string, unknown>>;
  /**
   * Erases the account after re-checking the password; audited as `account.deleted`. The last
   * admin cannot delete their account (409): the platform would have nobody to manage roles.
   */
  deleteAccount(ctx: CallContext, password: string): Promise<void>;
}

/** The right of access (export) and the right to erasure (account deletion). */
export function createPrivacyService(deps: {
  users: UserRepository;
  apiTokens: ApiTokenRepository;
  oneTimeTokens: OneTimeTokenRepository;
  sessions: SessionRepository;
  audit: AuditLog;
  clock: () => Date;
}): PrivacyService {
  const contributors: PrivacyContributor[] = [];
  return {
    register(contributor) {
      if (contributors.some((c) => c.name === contributor.name)) {
        throw new Error(`privacy contributor ${contributor.name} registered twice`);
      }
      contributors.push(contributor);
    },
    async exportFor(userId) {
      const user = await deps.users.findById(userId);
      if (!user) throw new AppError('unauthenticated');
      const sections: Record<string, unknown> = {};
      for (const c of contributors) sections[c.name] = await c.export(userId);
      return {
        exportedAt: deps.clock().toISOString(),
        profile: presentMe(user),
        apiTokens: (await deps.apiTokens.listByUser(userId)).map(presentToken),
        auditLog: (await deps.audit.listAbout(userId)).map(({ id, ...entry }) => ({
          ...entry,
          at: entry.at.toISOString(),
        })),
        ...sections,
      };
    },
    async deleteAccount(ctx, password) {
      const userId = ctx.actor.userId;
      const user = await deps.users.findById(userId);
      if (!user) throw new AppError('unauthenticated');
      if (!(await verifyPassword(password, user.passwordHash))) throw new AppError('invalid_credentials');
      if (
        user.roles.includes('admin') &&
        (await deps.users.list({ role: 'admin' }, { skip: 0, limit: 1 })).total <= 1
      ) {
        throw new AppError('conflict');
      }
      const pseudonym = await deps.users.erasurePseudonym(userId, `anon_${randomBytes(12).toString('hex')}`);
      // Other modules first: if one fails, the account still exists and a retry reuses the pseudonym.
      for (const c of contributors) await c.erase(userId, pseudonym);
      await deps.apiTokens.deleteByUser(userId);
      await deps.oneTimeTokens.deleteByUser(userId);
      await deps.sessions.deleteByUser(userId);
      await deps.users.deleteById(userId);
      await deps.audit.append({
        actorId: userId,
        action: 'account.deleted',
        targetType: 'user',
        targetId: userId,
        details: { modules: contributors.map((c) => c.name) },
        requestId: ctx.requestId,
      });
    },
  };
}
