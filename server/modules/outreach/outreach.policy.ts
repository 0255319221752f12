import { type RoutePolicy, route } from '../../shared/policy';

/** Who may call the outreach routes: figures are for staff; the beacon is public. */
export const outreachPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/stats/summary', ['staff']),
  route('GET', '/api/stats/breakdown', ['staff']),
  route('GET', '/api/stats/export', ['staff']),
  route('POST', '/api/analytics/pageviews', 'public'),
];
