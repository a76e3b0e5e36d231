/**
 * security/tenant: the Go API's tenant headers (contract §5), probed directly with a valid JWT so that only the
 * X-TB-* headers decide, plus the proxy/Go secret agreement seen through MCP.
 */
import { catalogue } from '../../../framework/checks/define.js';
import { headerChecks } from './headers.checks.js';
import { oracleChecks } from './oracle.checks.js';
import { postureChecks } from './posture.checks.js';
import { proxySecretChecks } from './proxy-secret.checks.js';

export const tenantChecks = catalogue(headerChecks, oracleChecks, postureChecks, proxySecretChecks);
