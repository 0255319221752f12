import { type RoutePolicy, route } from '../shared/policy';

/** The published contract and its reference page are public. */
export const openApiPolicies: readonly RoutePolicy[] = [
  route('GET', '/openapi.json', 'public'),
  route('GET', '/docs', 'public'),
  route('GET', '/docs/init.js', 'public'),
  route('GET', '/docs/assets/:file', 'public'),
];
