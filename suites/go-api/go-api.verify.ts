import { registerChecks } from '../../framework/checks/register.js';
import { goApiChecks } from './go-api.checks.js';

registerChecks(goApiChecks);
