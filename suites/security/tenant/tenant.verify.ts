import { registerChecks } from '../../../framework/checks/register.js';
import { tenantChecks } from './tenant.checks.js';

registerChecks(tenantChecks);
