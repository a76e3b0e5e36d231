import { registerChecks } from '../../../framework/checks/register.js';
import { httpsChecks } from './https.checks.js';

registerChecks(httpsChecks);
