import type { Role } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit.repository';
import type { CallContext } from './api-token.service';
import type { User, UserRepository } from './user.repository';

export interface RoleChange {
  readonly grant: readonly Role[];
  readonly revoke: readonly Role[];
}

export interface UsersService {
  list(
    filter: { role?: Role | undefined },
    page: { page: number; pageSize: number },
  ): Promise<{ items: User[]; total: number }>;
  /** Grants and revokes roles; each actual change is audited. `learner` is never removed. */
  changeRoles(ctx: CallContext, userId: string, change: RoleChange): Promise<User>;
}

/** Administration of accounts: listing and role management. */
export function createUsersService(deps: { users: UserRepository; audit: AuditLog }): UsersService {
  const { users, audit } = deps;
  return {
    list: (filter, { page, pageSize }) =>
      users.list(filter, { skip: (page - 1) * pageSize, limit: pageSize }),
    async changeRoles(ctx, userId, change) {
      const conflicting = change.grant.filter((r) => change.revoke.includes(r));
      if (conflicting.length > 0 || change.revoke.includes('learner')) throw new AppError('conflict');
      if (userId === ctx.actor.userId && change.revoke.includes('admin')) throw new AppError('conflict');
      const user = await users.findById(userId);
      if (!user) throw new AppError('not_found', { params: { resource: 'user' } });
      const granted = change.grant.filter((r) => !user.roles.includes(r));
      const revoked = change.revoke.filter((r) => user.roles.includes(r));
      if (granted.length === 0 && revoked.length === 0) return user;
      const roles = [...user.roles.filter((r) => !revoked.includes(r)), ...granted];
      const updated = await users.setRoles(userId, roles);
      if (!updated) throw new AppError('not_found', { params: { resource: 'user' } });
      const entries = [
        ...granted.map((role) => ({ action: 'role.granted', role })),
        ...revoked.map((role) => ({ action: 'role.revoked', role })),
      ];
      for (const { action, role } of entries) {
        await audit.append({
          actorId: ctx.actor.userId,
          action,
          targetType: 'user',
          targetId: userId,
          details: { role },
          requestId: ctx.requestId,
        });
      }
      return updated;
    },
  };
}
