/**
 * Defects of the proxy's HTTP surface, built as a front that rewrites each request before the proxy sees it, or
 * its answer before the caller does.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler } from '../../proxy/start.js';
import type { ProxyFaults } from './catalogue.js';

const FRONT_FAULTS = ['noOriginCheck', 'noHsts', 'noProtocolVersionCheck', 'tokenInQuery', 'echoTokenIn401', 'noResourceMetadata'] as const;
type FrontFaults = Pick<ProxyFaults, (typeof FRONT_FAULTS)[number]>;

/** Removes a request header everywhere Node keeps it (the SDK transport reads `rawHeaders`). */
function stripHeader(req: IncomingMessage, name: string): void {
  delete req.headers[name];
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]!.toLowerCase() === name) req.rawHeaders.splice(i, 2);
  }
}

/** `?access_token=` as a bearer token, when the request carries none in its header (MCP forbids tokens in the URI) */
function queryTokenAsHeader(req: IncomingMessage): void {
  const token = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('access_token');
  if (!token || req.headers.authorization !== undefined) return;
  req.headers.authorization = `Bearer ${token}`;
  req.rawHeaders.push('authorization', `Bearer ${token}`);
}

/** Rewrites the headers and body of a 401 answer (the proxy writes them with one writeHead and one end). */
function rewrite401(req: IncomingMessage, res: ServerResponse, faults: FrontFaults): void {
  const presented = req.headers.authorization ?? null;
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  const end = res.end.bind(res) as (chunk?: string) => ServerResponse;
  (res as { writeHead: unknown }).writeHead = (status: number, headers: OutgoingHttpHeaders = {}) => {
    if (status !== 401) return writeHead(status, headers);
    const changed: OutgoingHttpHeaders = { ...headers };
    const challenge = changed['WWW-Authenticate'];
    if (faults.noResourceMetadata && typeof challenge === 'string') {
      changed['WWW-Authenticate'] = challenge.replace(/resource_metadata="[^"]*"/, 'realm="ToolBridge MCP"');
    }
    if (faults.echoTokenIn401) delete changed['Content-Length'];
    return writeHead(status, changed);
  };
  (res as { end: unknown }).end = (chunk?: string) => {
    if (res.statusCode !== 401 || !faults.echoTokenIn401 || typeof chunk !== 'string') return end(chunk);
    return end(JSON.stringify({ ...(JSON.parse(chunk) as object), presented }));
  };
}

/** Drops Strict-Transport-Security from every answer. */
function withoutHsts(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => (name.toLowerCase() === 'strict-transport-security' ? res : setHeader(name, value));
}

/** The HTTP front seam for these faults, or undefined when none of them is on. */
export function defectiveHttpFront(faults: FrontFaults): ((standard: RequestHandler) => RequestHandler) | undefined {
  if (!FRONT_FAULTS.some((name) => faults[name])) return undefined;
  return (handle) => (req, res) => {
    if (faults.noOriginCheck) stripHeader(req, 'origin');
    if (faults.noProtocolVersionCheck) stripHeader(req, 'mcp-protocol-version');
    if (faults.tokenInQuery) queryTokenAsHeader(req);
    if (faults.noHsts) withoutHsts(res);
    if (faults.echoTokenIn401 || faults.noResourceMetadata) rewrite401(req, res, faults);
    handle(req, res);
  };
}
