import { registerChecks } from '../../../harness/checks/register.js';
import { skewChecks } from './skew.checks.js';

registerChecks(skewChecks);
