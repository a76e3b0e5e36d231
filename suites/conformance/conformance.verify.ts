import { registerChecks } from '../../framework/checks/register.js';
import { conformanceChecks } from './conformance.checks.js';

registerChecks(conformanceChecks);
