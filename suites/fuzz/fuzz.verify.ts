import { registerChecks } from '../../harness/checks/register.js';
import { fuzzChecks } from './fuzz.checks.js';

registerChecks(fuzzChecks);
