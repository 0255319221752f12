import { textDirection } from '../../shared/i18n';
import type { ApiToken } from './api-token.repository';
import type { User } from './user.repository';

/** The signed-in user's own profile. */
export function presentMe(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    country: user.country,
    preferredLanguage: user.preferredLanguage,
    dir: textDirection(user.preferredLanguage),
    audience: user.audience,
    gender: user.gender,
    organisation: user.organisation,
    roles: user.roles,
    emailVerified: user.emailVerifiedAt !== null,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** A user as admins see them in the user list. */
export function presentUserForAdmin(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    country: user.country,
    roles: user.roles,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Token metadata; the secret is never part of it. */
export function presentToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
  };
}
