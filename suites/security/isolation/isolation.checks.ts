/**
 * security/isolation: users cannot reach each other's data, sessions or wipes, through the Go API or the MCP tools;
 * and the posture finding that the tenant id scopes no data.
 */
import { catalogue } from '../../../framework/checks/define.js';
import { crossOwnerChecks } from './cross-owner.checks.js';
import { identityChecks } from './identity.checks.js';
import { sessionChecks } from './sessions.checks.js';
import { tenantBindingChecks } from './tenant.checks.js';
import { wipeChecks } from './wipe.checks.js';

export const isolationChecks = catalogue(crossOwnerChecks, identityChecks, sessionChecks, wipeChecks, tenantBindingChecks);
