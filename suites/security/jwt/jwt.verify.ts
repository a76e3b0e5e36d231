import { registerChecks } from '../../../framework/checks/register.js';
import { jwtChecks } from './jwt.checks.js';

registerChecks(jwtChecks);
