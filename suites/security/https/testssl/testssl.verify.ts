import { registerChecks } from '../../../../harness/checks/register.js';
import { testsslChecks } from './testssl.checks.js';

registerChecks(testsslChecks);
