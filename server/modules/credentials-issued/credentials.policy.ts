import { type RoutePolicy, route } from '../../shared/policy';

/** Who may call the issued-credential routes. Verification and the public keys are open to all. */
export const credentialsIssuedPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/me/credentials', 'authenticated'),
  route('GET', '/api/credentials/revocation-list', 'public'),
  route('GET', '/api/credentials/issued/:id', 'public'),
  route('POST', '/api/credentials/issued/:id/revocation', ['staff']),
  route('POST', '/api/credentials/verify', 'public'),
  route('GET', '/.well-known/jwks.json', 'public'),
  route('GET', '/.well-known/did.json', 'public'),
  route('GET', '/credentials/:id', 'public'),
  route('GET', '/credentials/:id/pdf', 'public'),
];
