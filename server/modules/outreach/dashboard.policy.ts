import { type RoutePolicy, route } from '../../shared/policy';

/** The staff dashboard is for staff (and admins); its stylesheet holds nothing private. */
export const dashboardPolicies: readonly RoutePolicy[] = [
  route('GET', '/dashboard', ['staff']),
  route('GET', '/dashboard/assets/:file', 'public'),
];
