import { registerChecks } from '../../../harness/checks/register.js';
import { transportChecks } from './transport.checks.js';

registerChecks(transportChecks);
