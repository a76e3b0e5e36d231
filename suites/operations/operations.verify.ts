import { registerChecks } from '../../framework/checks/register.js';
import { metricsChecks } from './metrics.checks.js';

registerChecks(metricsChecks);
