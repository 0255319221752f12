import type { ModuleDocs } from '../registry';
import { accountsDocs } from './accounts';
import { auditDocs } from './audit';
import { catalogDocs } from './catalog';
import { competitionsDocs } from './competitions';
import { credentialsIssuedDocs } from './credentials-issued';
import { enrolmentDocs } from './enrolment';
import { feedbackDocs } from './feedback';
import { filesDocs } from './files';
import { forumDocs } from './forum';
import { healthDocs } from './health';
import { openApiDocs } from './openapi';
import { outreachDocs } from './outreach';
import { searchDocs } from './search';
import { webinarsDocs } from './webinars';

/** Every module's route docs; a new module adds its file here (see docs/api-contract.md). */
export const moduleDocs: readonly ModuleDocs[] = [
  healthDocs,
  accountsDocs,
  catalogDocs,
  searchDocs,
  enrolmentDocs,
  credentialsIssuedDocs,
  forumDocs,
  competitionsDocs,
  filesDocs,
  feedbackDocs,
  outreachDocs,
  auditDocs,
  webinarsDocs,
  openApiDocs,
];
