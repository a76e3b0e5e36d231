/**
 * Requirement texts and SARIF locations shared by the transport checks.
 */

/** Origin, protocol version, methods, body limit and the 401 challenge are decided here. */
export const PROXY_APP = 'proxy/http/app.ts';
/** Tool arguments (uid) are validated here. */
export const PROXY_TOOLS = 'proxy/tools/definitions.ts';
/** What a tool error says. */
export const PROXY_RESULTS = 'proxy/tools/results.ts';
export const GO_CONTRACT = 'contract/toolbridge-api.md';

export const TRANSPORT_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports';
export const AUTH_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization';
