/** Proxy name and version reported by `GET /` and the MCP `initialize` answer (kept equal to package.json by a test). */
export const SERVICE_NAME = 'toolbridge-mcp-proxy';
export const SERVICE_VERSION = '0.1.0';
