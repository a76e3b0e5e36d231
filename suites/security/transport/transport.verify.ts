import { registerChecks } from '../../../framework/checks/register.js';
import { transportChecks } from './transport.checks.js';

registerChecks(transportChecks);
