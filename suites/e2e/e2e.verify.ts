import { registerChecks } from '../../framework/checks/register.js';
import { surfaceChecks } from './surface.checks.js';
import { toolChecks } from './tools.checks.js';

registerChecks([...surfaceChecks, ...toolChecks]);
