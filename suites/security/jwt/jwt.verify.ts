import { registerChecks } from '../../../harness/checks/register.js';
import { jwtChecks } from './jwt.checks.js';

registerChecks(jwtChecks);
