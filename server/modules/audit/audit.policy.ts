import { type RoutePolicy, route } from '../../shared/policy';

/** The audit log is read by staff (and admins). */
export const auditPolicies: readonly RoutePolicy[] = [route('GET', '/api/audit', ['staff'])];
