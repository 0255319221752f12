import { type RoutePolicy, route } from '../../shared/policy';

/**
 * Who may call the competition routes. Jury membership is per competition (a list on the
 * competition, not a platform role), so scoring is `authenticated` and the service checks it;
 * unpublished results likewise are checked per competition (staff and that jury).
 */
export const competitionPolicies: readonly RoutePolicy[] = [
  route('GET', '/api/competitions', 'public'),
  route('POST', '/api/competitions', ['staff']),
  route('GET', '/api/competitions/:id', 'public'),
  route('PUT', '/api/competitions/:id/jury', ['staff']),
  route('GET', '/api/competitions/:id/entries', 'public'),
  route('POST', '/api/competitions/:id/entries', 'authenticated'),
  route('POST', '/api/competitions/:id/entries/:entryId/scores', 'authenticated'),
  route('GET', '/api/competitions/:id/results', 'public'),
  route('POST', '/api/competitions/:id/results/publish', ['staff']),
  route('GET', '/api/competitions/:id/results/export', ['staff']),
];
