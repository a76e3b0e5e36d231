/**
 * security/transport: the MCP endpoint's HTTP surface, the 401 challenge for invalid tokens, tool-argument path
 * injection, what the proxy discloses, and the Go API's 500-on-validation posture.
 */
import { catalogue } from '../../../framework/checks/define.js';
import { challengeChecks } from './challenge.checks.js';
import { httpSurfaceChecks } from './http-surface.checks.js';
import { jsonRpcChecks } from './jsonrpc.checks.js';
import { rebindingChecks } from './rebinding.checks.js';
import { sseSessionChecks } from './sse-session.checks.js';
import { leakChecks } from './leak.checks.js';
import { uidInjectionChecks } from './uid-injection.checks.js';
import { validationChecks } from './validation.checks.js';

export const transportChecks = catalogue(httpSurfaceChecks, rebindingChecks, challengeChecks, uidInjectionChecks, leakChecks, jsonRpcChecks, validationChecks, sseSessionChecks);
