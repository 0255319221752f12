import { type RoutePolicy, route } from '../../shared/policy';

/** Who may call the accounts routes (collected into server/policies.ts). */
export const accountsPolicies: readonly RoutePolicy[] = [
  route('POST', '/api/auth/register', 'public'),
  route('POST', '/api/auth/login', 'public'),
  route('POST', '/api/auth/logout', 'public'),
  route('GET', '/api/auth/session', 'authenticated'),
  route('POST', '/api/auth/verify-email', 'public'),
  route('POST', '/api/auth/verify-email/resend', 'authenticated'),
  route('POST', '/api/auth/password-reset', 'public'),
  route('POST', '/api/auth/password-reset/confirm', 'public'),
  route('GET', '/api/auth/oidc/login', 'public'),
  route('GET', '/api/auth/oidc/callback', 'public'),
  route('GET', '/api/me', 'authenticated'),
  route('PATCH', '/api/me', 'authenticated'),
  route('DELETE', '/api/me', 'authenticated'),
  route('GET', '/api/me/export', 'authenticated'),
  route('GET', '/api/me/tokens', 'authenticated'),
  route('POST', '/api/me/tokens', 'authenticated'),
  route('DELETE', '/api/me/tokens/:id', 'authenticated'),
  route('GET', '/api/users', ['admin']),
  route('PATCH', '/api/users/:id/roles', ['admin']),
];
