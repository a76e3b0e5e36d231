/** The name our MCP proxy gives itself (GET / and the MCP `initialize` answer): how a report tells our proxy from another. */
export const PROXY_SERVICE_NAME = 'toolbridge-mcp-proxy';
