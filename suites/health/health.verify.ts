import { registerChecks } from '../../framework/checks/register.js';
import { healthChecks } from './health.checks.js';

registerChecks(healthChecks);
