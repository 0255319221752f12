import { z } from 'zod';
import { ROLES } from '../../shared/auth';
import { data, moduleDocs, paged } from '../registry';
import { Dir, IsoDate, NO_INPUT } from './common';

const Role = z.enum(ROLES);
const Me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  country: z.string().nullable(),
  preferredLanguage: z.string(),
  dir: Dir,
  audience: z.string().nullable(),
  gender: z.string().nullable(),
  organisation: z.string().nullable(),
  roles: z.array(Role),
  emailVerified: z.boolean(),
  emailVerifiedAt: IsoDate.nullable(),
  createdAt: IsoDate,
});
const UserForAdmin = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  country: z.string().nullable(),
  roles: z.array(Role),
  emailVerified: z.boolean(),
  createdAt: IsoDate,
});
const TokenShape = {
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: IsoDate,
  lastUsedAt: IsoDate.nullable(),
  createdAt: IsoDate,
};
const Accepted = z.object({ status: z.enum(['pending', 'done']), message: z.string() });

/** Registration, sign-in, profile, personal access tokens, user administration. */
export const accountsDocs = moduleDocs({
  tag: 'accounts',
  description: 'Registration, sessions, OIDC, profile and privacy, personal access tokens, roles',
  routes: {
    'POST /api/auth/register': {
      id: 'register',
      summary: 'Register (always 202: the e-mail tells existing users instead of leaking them)',
      responses: { 202: { description: 'Pending e-mail verification', schema: data(Accepted) } },
      errors: [429],
    },
    'POST /api/auth/login': {
      id: 'login',
      summary: 'Sign in with e-mail and password; sets the session cookie',
      responses: {
        200: {
          description: 'Signed in; send csrfToken as X-CSRF-Token on unsafe requests',
          schema: data(z.object({ user: Me, csrfToken: z.string() })),
          headers: { 'Set-Cookie': 'lh.sid session cookie (HttpOnly, SameSite=Lax)' },
        },
      },
      errors: [401, 429],
    },
    'POST /api/auth/logout': {
      id: 'logout',
      summary: 'Sign out (destroys the session)',
      request: NO_INPUT,
      responses: { 204: { description: 'Signed out' } },
    },
    'GET /api/auth/session': {
      id: 'getSession',
      summary: 'The current user, how they authenticated, and the CSRF token',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'The session',
          schema: data(
            z.object({ user: Me, via: z.enum(['session', 'token']), csrfToken: z.string().nullable() }),
          ),
        },
      },
    },
    'POST /api/auth/verify-email': {
      id: 'verifyEmail',
      summary: 'Confirm an e-mail address with the token from the e-mail',
      responses: { 200: { description: 'Verified', schema: data(z.object({ user: Me })) } },
      errors: [401, 410],
    },
    'POST /api/auth/verify-email/resend': {
      id: 'resendVerificationEmail',
      summary: 'Send the verification e-mail again',
      request: NO_INPUT,
      responses: { 202: { description: 'Sent (or nothing to do)' } },
      errors: [429],
    },
    'POST /api/auth/password-reset': {
      id: 'requestPasswordReset',
      summary: 'Request a password-reset e-mail (always 202)',
      responses: { 202: { description: 'Requested', schema: data(Accepted) } },
      errors: [429],
    },
    'POST /api/auth/password-reset/confirm': {
      id: 'confirmPasswordReset',
      summary: 'Set a new password with the token from the e-mail',
      responses: { 200: { description: 'Done', schema: data(Accepted) } },
      errors: [401, 410],
    },
    'GET /api/auth/oidc/login': {
      id: 'startOidcLogin',
      summary: 'Start single sign-on with the configured OpenID Connect provider (404 when none)',
      request: NO_INPUT,
      responses: {
        302: { description: 'Redirect to the identity provider', headers: { Location: 'Provider URL' } },
      },
      errors: [404, 502],
    },
    'GET /api/auth/oidc/callback': {
      id: 'finishOidcLogin',
      summary: 'The identity provider returns here; signs in and redirects to the site',
      request: NO_INPUT,
      responses: { 302: { description: 'Redirect to the site (or its login page on failure)' } },
      errors: [400, 404, 502],
    },
    'GET /api/me': {
      id: 'getMyProfile',
      summary: 'My profile',
      request: NO_INPUT,
      responses: { 200: { description: 'Profile', schema: data(Me) } },
    },
    'PATCH /api/me': {
      id: 'updateMyProfile',
      summary: 'Change my profile',
      responses: { 200: { description: 'Updated profile', schema: data(Me) } },
    },
    'GET /api/me/export': {
      id: 'exportMyData',
      summary: 'Everything stored about me (GDPR export), as a JSON attachment',
      request: NO_INPUT,
      responses: {
        200: {
          description: 'The export; each module contributes a section',
          schema: data(z.looseObject({})),
          headers: { 'Content-Disposition': 'attachment; filename="learning-hub-export.json"' },
        },
      },
      errors: [429],
    },
    'DELETE /api/me': {
      id: 'deleteMyAccount',
      summary: 'Delete my account (password or confirmation required)',
      responses: { 204: { description: 'Deleted and signed out' } },
      errors: [409],
    },
    'GET /api/me/tokens': {
      id: 'listMyTokens',
      summary: 'My personal access tokens (metadata only)',
      request: NO_INPUT,
      responses: { 200: { description: 'Tokens', schema: data(z.array(z.object(TokenShape))) } },
    },
    'POST /api/me/tokens': {
      id: 'createMyToken',
      summary: 'Create a personal access token; the secret is shown once',
      responses: {
        201: { description: 'Created', schema: data(z.object({ ...TokenShape, token: z.string() })) },
      },
      errors: [409],
    },
    'DELETE /api/me/tokens/:id': {
      id: 'revokeMyToken',
      summary: 'Revoke one of my tokens',
      responses: { 204: { description: 'Revoked' } },
    },
    'GET /api/users': {
      id: 'listUsers',
      summary: 'Users (admin), filtered by role or e-mail',
      responses: { 200: { description: 'A page of users', schema: paged(z.array(UserForAdmin)) } },
    },
    'PATCH /api/users/:id/roles': {
      id: 'changeUserRoles',
      summary: 'Grant or revoke roles (audited, effective at once)',
      responses: { 200: { description: 'The user with their new roles', schema: data(UserForAdmin) } },
      errors: [409],
    },
  },
});
