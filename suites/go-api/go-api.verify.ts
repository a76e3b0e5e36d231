import { registerChecks } from '../../harness/checks/register.js';
import { goApiChecks } from './go-api.checks.js';

registerChecks(goApiChecks);
