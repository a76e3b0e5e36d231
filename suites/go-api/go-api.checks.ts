/**
 * The go-api suite: the Go REST API contract, checked directly (no proxy in between).
 */
import { catalogue } from '../../framework/checks/define.js';
import { entityChecks } from './entities.checks.js';
import { epochChecks } from './epoch.checks.js';
import { errorChecks } from './errors.checks.js';
import { rateLimitChecks } from './rate-limit.checks.js';
import { sessionChecks } from './sessions.checks.js';

export const goApiChecks = catalogue(sessionChecks, epochChecks, rateLimitChecks, errorChecks, entityChecks);
