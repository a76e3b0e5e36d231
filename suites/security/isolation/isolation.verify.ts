import { registerChecks } from '../../../harness/checks/register.js';
import { isolationChecks } from './isolation.checks.js';

registerChecks(isolationChecks);
