/**
 * Requirement texts and SARIF locations shared by the isolation checks.
 */

/** The Go API's behaviour is specified by the contract; that file is the SARIF location for Go findings. */
export const GO_CONTRACT = 'contract/toolbridge-api.md';
/** Where the proxy decides whose token and session a Go call carries. */
export const PROXY_GATEWAY = 'proxy/go/gateway.ts';

export const CROSS_OWNER = 'contract §9.4 "Cross-owner access"';
export const CROSS_TENANT_PROBE = 'checks-reference §2 probe 25 (valid token of A, resource ids of B → 403/404, no data)';
export const SESSIONS = 'contract §6 (SessionRequired; GET/DELETE /v1/sync/sessions/{id})';
export const WIPE = 'contract §11 (wipe: hard delete of the owner\'s rows)';
export const TENANT_BINDING = 'contract §5 "Data binding", §13 "No tenant column", §16.4';
export const MCP_IDENTITY = 'contract §15.2 (each tool call carries the caller\'s own JWT)';
