import { registerChecks } from '../../harness/checks/register.js';
import { healthChecks } from './health.checks.js';

registerChecks(healthChecks);
