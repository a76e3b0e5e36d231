/**
 * security/https: HTTPS enforcement on the proxy's public endpoint — the edge's redirect and TLS, the certificate,
 * and the headers the proxy sends over HTTPS.
 */
import { catalogue } from '../../../framework/checks/define.js';
import { certificateChecks } from './certificate.checks.js';
import { cleartextMcpChecks } from './cleartext-mcp.checks.js';
import { headerChecks } from './headers.checks.js';
import { hstsChecks } from './hsts.checks.js';
import { redirectChecks } from './redirect.checks.js';
import { servedChecks } from './served.checks.js';
import { tlsVersionChecks } from './tls-versions.checks.js';

export const httpsChecks = catalogue(servedChecks, redirectChecks, cleartextMcpChecks, hstsChecks, tlsVersionChecks, certificateChecks, headerChecks);
