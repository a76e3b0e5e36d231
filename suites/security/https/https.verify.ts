import { registerChecks } from '../../../harness/checks/register.js';
import { httpsChecks } from './https.checks.js';

registerChecks(httpsChecks);
