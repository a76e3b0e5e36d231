import { registerChecks } from '../../framework/checks/register.js';
import { latencyChecks } from './latency.checks.js';

registerChecks(latencyChecks);
