import { type RoutePolicy, route } from '../../shared/policy';

/** Search is public: only published, visible content is ever indexed. */
export const searchPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/search', 'public'),
  route('GET', '/api/search/suggest', 'public'),
];
