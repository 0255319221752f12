import { accountsPolicies } from './modules/accounts/accounts.policy';
import { auditPolicies } from './modules/audit/audit.policy';
import { catalogPolicies } from './modules/catalog/catalog.policy';
import { competitionPolicies } from './modules/competitions/competition.policy';
import { credentialsIssuedPolicies } from './modules/credentials-issued/credentials.policy';
import { enrolmentPolicies } from './modules/enrolment/enrolment.policy';
import { filesPolicies } from './modules/files/files.policy';
import { forumPolicies } from './modules/forum/forum.policy';
import { dashboardPolicies } from './modules/outreach/dashboard.policy';
import { outreachPolicies } from './modules/outreach/outreach.policy';
import { searchPolicies } from './modules/search/search.policy';
import { webinarsPolicies } from './modules/webinars/webinars.policy';
import { openApiPolicies } from './openapi/openapi.policy';
import { PolicyTable, type RoutePolicy, route } from './shared/policy';

/** Routes of the foundation modules, which have no policy file of their own. */
const foundationPolicies: readonly RoutePolicy[] = [
  route('GET', '/healthz', 'public'),
  route('GET', '/readyz', 'public'),
  route('GET', '/api/collections', 'public'),
  route('POST', '/api/feedback', 'public'),
];

/**
 * THE policy table: every route of the app and who may call it. Each module declares its rows
 * in `<feature>.policy.ts` (an exported `RoutePolicy[]`) and adds one spread here. The
 * authorization-matrix test fails for any registered route without a row. See docs/security.md.
 */
export const policyTable = new PolicyTable([
  ...foundationPolicies,
  ...accountsPolicies,
  ...auditPolicies,
  ...catalogPolicies,
  ...credentialsIssuedPolicies,
  ...enrolmentPolicies,
  ...filesPolicies,
  ...forumPolicies,
  ...outreachPolicies,
  ...dashboardPolicies,
  ...competitionPolicies,
  ...searchPolicies,
  ...openApiPolicies,
  ...webinarsPolicies,
]);
