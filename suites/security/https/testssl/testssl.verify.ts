import { registerChecks } from '../../../../framework/checks/register.js';
import { testsslChecks } from './testssl.checks.js';

registerChecks(testsslChecks);
