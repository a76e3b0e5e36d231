import { registerChecks } from '../../harness/checks/register.js';
import { latencyChecks } from './latency.checks.js';

registerChecks(latencyChecks);
