import { registerChecks } from '../../harness/checks/register.js';
import { conformanceChecks } from './conformance.checks.js';

registerChecks(conformanceChecks);
