/** Proxy name and version reported by `GET /` and the MCP `initialize` answer (kept equal to package.json by a test). */
import { PROXY_SERVICE_NAME } from '../contract/service.js';

export const SERVICE_NAME = PROXY_SERVICE_NAME;
export const SERVICE_VERSION = '0.1.0';
