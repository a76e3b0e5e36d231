import { registerChecks } from '../../framework/checks/register.js';
import { fuzzChecks } from './fuzz.checks.js';

registerChecks(fuzzChecks);
