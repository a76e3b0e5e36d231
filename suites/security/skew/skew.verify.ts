import { registerChecks } from '../../../framework/checks/register.js';
import { skewChecks } from './skew.checks.js';

registerChecks(skewChecks);
