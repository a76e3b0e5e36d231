import { registerChecks } from '../../../harness/checks/register.js';
import { tenantChecks } from './tenant.checks.js';

registerChecks(tenantChecks);
