import { registerChecks } from '../../../framework/checks/register.js';
import { isolationChecks } from './isolation.checks.js';

registerChecks(isolationChecks);
