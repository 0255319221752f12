import { type RoutePolicy, route } from '../../shared/policy';

/**
 * Who may call the enrolment routes (collected into server/policies.ts). Ownership (your own
 * enrolment) and facilitation (your cohort's roster) are checked by the services.
 */
export const enrolmentPolicies: readonly RoutePolicy[] = [
  route('POST', '/api/courses/:slug/enrolments', 'authenticated'),
  route('GET', '/api/courses/:slug/enrolments', 'authenticated'),
  route('GET', '/api/courses/:slug/cohorts', 'public'),
  route('POST', '/api/courses/:slug/cohorts', ['staff']),
  route('GET', '/api/me/enrolments', 'authenticated'),
  route('GET', '/api/enrolments/:id', 'authenticated'),
  route('DELETE', '/api/enrolments/:id', 'authenticated'),
  route('POST', '/api/enrolments/:id/progress', 'authenticated'),
  route('POST', '/api/enrolments/:id/quiz-attempts', 'authenticated'),
];
