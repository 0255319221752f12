import type { ModuleDocs } from '../registry';
import { openApiDocs } from './openapi';

/** Every module's route docs; a new module adds its file here (see docs/api-contract.md). */
export const moduleDocs: readonly ModuleDocs[] = [openApiDocs];
