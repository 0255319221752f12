import type { Actor, Role } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit.repository';
import type { ApiToken, ApiTokenRepository } from './api-token.repository';
import { hashSecret, newSecret } from './secrets';
import type { UserRepository } from './user.repository';

/** Prefix of every API token secret, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = 'lh_pat_';

export interface CreateTokenInput {
  readonly name: string;
  /** Roles the token may exercise; it never gets more than the owner has at the time of use. */
  readonly scopes: readonly Role[];
  readonly expiresInDays: number;
}

/** Who asked, and from which request (for the audit log). */
export interface CallContext {
  readonly actor: Actor;
  readonly requestId: string;
}

export interface ApiTokenService {
  /** Creates a token; the returned `secret` is shown once and never stored. */
  create(ctx: CallContext, input: CreateTokenInput): Promise<{ token: ApiToken; secret: string }>;
  list(userId: string): Promise<ApiToken[]>;
  revoke(ctx: CallContext, tokenId: string): Promise<void>;
  /** The actor for a bearer secret, or null when unknown or expired (records last use). */
  authenticate(secret: string): Promise<Actor | null>;
}

/** Personal API tokens: shown once, stored hashed, scoped, expiring, revocable. */
export function createApiTokenService(deps: {
  tokens: ApiTokenRepository;
  users: UserRepository;
  audit: AuditLog;
  clock: () => Date;
}): ApiTokenService {
  const { tokens, users, audit, clock } = deps;
  return {
    async create(ctx, input) {
      const owner = await users.findById(ctx.actor.userId);
      if (!owner) throw new AppError('unauthenticated');
      // A token can only hand on what its creator holds now: a limited token cannot mint a wider one.
      const held = ctx.actor.via === 'token' ? ctx.actor.roles : owner.roles;
      const notHeld = input.scopes.filter((s) => !held.includes(s) && !held.includes('admin'));
      if (notHeld.length > 0)
        throw new AppError('scope_not_held', { params: { scopes: notHeld.join(', ') } });
      const secret = newSecret(API_TOKEN_PREFIX);
      const token = await tokens.create({
        userId: owner.id,
        name: input.name,
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, API_TOKEN_PREFIX.length + 4),
        scopes: [...input.scopes],
        expiresAt: new Date(clock().getTime() + input.expiresInDays * 86_400_000),
      });
      await audit.append({
        actorId: owner.id,
        action: 'token.created',
        targetType: 'api-token',
        targetId: token.id,
        details: { scopes: [...input.scopes], userId: owner.id },
        requestId: ctx.requestId,
      });
      return { token, secret };
    },
    list: (userId) => tokens.listByUser(userId),
    async revoke(ctx, tokenId) {
      if (!(await tokens.delete(ctx.actor.userId, tokenId))) {
        throw new AppError('not_found', { params: { resource: 'token' } });
      }
      await audit.append({
        actorId: ctx.actor.userId,
        action: 'token.revoked',
        targetType: 'api-token',
        targetId: tokenId,
        details: { userId: ctx.actor.userId },
        requestId: ctx.requestId,
      });
    },
    async authenticate(secret) {
      if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
      const token = await tokens.findByHash(hashSecret(secret));
      const now = clock();
      if (!token || token.expiresAt <= now) return null;
      const user = await users.findById(token.userId);
      if (!user) return null;
      await tokens.touch(token.id, now);
      const granted = user.roles.includes('admin')
        ? token.scopes
        : token.scopes.filter((s) => user.roles.includes(s as Role));
      return {
        userId: user.id,
        roles: granted as Role[],
        via: 'token',
        scopes: token.scopes,
        preferredLanguage: user.preferredLanguage,
      };
    },
  };
}
