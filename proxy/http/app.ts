/**
 * The proxy's HTTP surface: liveness `/`, readiness `/readyz`, protected-resource metadata, and `/mcp` behind the
 * Origin check and JWT verification. Tracks in-flight requests so shutdown can drain them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/verify-token.js';
import { isLoopbackHost, type ProxyConfig } from '../config.js';
import type { McpHandler } from './mcp-endpoint.js';
import type { HttpRoute } from '../../contract/metrics.js';
import type { ProxyMetrics } from '../metrics/proxy-metrics.js';
import { SERVICE_NAME, SERVICE_VERSION } from '../version.js';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';
/** The protection space a plain Bearer challenge names when there is no metadata document. */
export const REALM = 'ToolBridge MCP';

export interface AppOptions {
  readonly config: ProxyConfig;
  /** the proxy's own base URL (configured, or its loopback address once listening): never from a request */
  readonly publicBase: () => string;
  readonly logger: Logger;
  readonly verifyToken: TokenVerifier;
  readonly mcp: McpHandler;
  /** Go `/healthz` probe for readiness */
  readonly goHealthy: () => Promise<boolean>;
  readonly metrics: ProxyMetrics;
}

export interface ProxyApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** from now on, new requests get 503 and `Connection: close` */
  startDraining(): void;
  /** resolves when no request is in flight */
  idle(): Promise<void>;
  readonly inFlight: number;
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return firstHeader(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

const DEFAULT_PORT = /:(443|80)$/;

/** The proxy's own base URL and the parts the per-request checks compare with, parsed once. */
interface OwnUrl {
  readonly base: string;
  readonly origin: string;
  /** lower case, without a default port */
  readonly host: string;
}

function ownUrl(base: string): OwnUrl {
  const url = new URL(base);
  return { base, origin: url.origin, host: url.host.toLowerCase() };
}

/**
 * DNS rebinding: a page on a foreign name that resolves to this proxy makes the browser send that name as Host. /mcp
 * answers only for its own host, configured extra hosts, and loopback names (which no foreign page can claim).
 */
function hostAllowed(host: string | undefined, own: OwnUrl, allowedHosts: readonly string[]): boolean {
  if (!host) return false;
  const claimed = host.toLowerCase().replace(DEFAULT_PORT, '');
  if (claimed === own.host || allowedHosts.some((h) => h.replace(DEFAULT_PORT, '') === claimed)) return true;
  const name = claimed.startsWith('[') ? claimed.slice(0, claimed.indexOf(']') + 1) : claimed.replace(/:\d+$/, '');
  return isLoopbackHost(name);
}

function routeOf(path: string): HttpRoute {
  if (path === '/mcp') return 'mcp';
  if (path === '/') return 'liveness';
  if (path === '/readyz') return 'readiness';
  return path.startsWith(METADATA_PATH) ? 'metadata' : 'other';
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createProxyApp(options: AppOptions): ProxyApp {
  const { config, logger, metrics } = options;
  let draining = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    inFlight--;
    if (inFlight === 0) {
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    }
  };

  // known once the server listens (requests only arrive after that), then fixed for the process's life
  let own: OwnUrl | undefined;
  const self = () => (own ??= ownUrl(options.publicBase()));

  /** OAuth-discoverable only with an authorization server to name: MCP requires at least one in the metadata */
  const discoverable = config.authorizationServers.length > 0;

  const protectedResource = () => ({
    resource: `${self().base}/mcp`,
    authorization_servers: [...config.authorizationServers],
    bearer_methods_supported: ['header'],
    resource_name: 'ToolBridge MCP',
    resource_documentation: 'https://github.com/toolbridge/toolbridge-verify/blob/main/docs/QUICKSTART-MCP.md',
  });

  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = firstHeader(req, 'origin');
    if (origin === undefined) return true;
    return origin === self().origin || config.allowedOrigins.includes(origin);
  };

  const unauthorized = (res: ServerResponse, reason: 'missing' | 'invalid', detail: string) => {
    // RFC 6750 §3: without metadata to point at, a realm names the protection space instead
    const pointer = discoverable ? `resource_metadata="${self().base}${METADATA_PATH}"` : `realm="${REALM}"`;
    const challenge = reason === 'missing' ? `Bearer ${pointer}` : `Bearer ${pointer}, error="invalid_token", error_description="${detail}"`;
    const body = { error: reason === 'missing' ? 'unauthorized' : 'invalid_token', error_description: detail };
    sendJson(res, 401, body, { 'WWW-Authenticate': challenge });
  };

  const serveMcp = async (req: IncomingMessage, res: ServerResponse, log: Record<string, unknown>) => {
    if (req.method !== 'POST') {
      // Stateless server with JSON responses: no standalone SSE stream (GET) and no session to delete.
      return sendJson(res, 405, { error: 'method_not_allowed', error_description: 'use POST for MCP messages' }, { Allow: 'POST' });
    }
    if (!hostAllowed(firstHeader(req, 'host'), self(), config.allowedHosts)) {
      log.refused = 'host not allowed: set TOOLBRIDGE_PUBLIC_URL to the URL clients use, or list the host in TOOLBRIDGE_ALLOWED_HOSTS';
      return sendJson(res, 403, { error: 'forbidden', error_description: 'Host not allowed' });
    }
    if (!originAllowed(req)) {
      return sendJson(res, 403, { error: 'forbidden', error_description: 'Origin not allowed' });
    }
    const check = await options.verifyToken(firstHeader(req, 'authorization'));
    if (!check.ok) {
      log.auth = check.detail;
      metrics.authFailure(check.cause);
      return unauthorized(res, check.reason, check.detail);
    }
    log.sub = check.caller.sub;
    // a tool call's record joins this request's log line: one line, one write, per call
    await options.mcp(req, res, { sub: check.caller.sub, token: check.caller.token }, (record) => {
      Object.assign(log, record);
      metrics.toolCall(record);
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, log: Record<string, unknown>) => {
    if (path === '/mcp') return serveMcp(req, res, log);
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    if (path === '/') return sendJson(res, 200, { service: SERVICE_NAME, version: SERVICE_VERSION, status: 'ok' });
    if (path === '/readyz') {
      const ready = await options.goHealthy();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', checks: { goApi: ready ? 'ok' : 'unreachable' } });
    }
    if (discoverable && (path === METADATA_PATH || path === `${METADATA_PATH}/mcp`)) return sendJson(res, 200, protectedResource());
    return sendJson(res, 404, { error: 'not_found' });
  };

  return {
    get inFlight() {
      return inFlight;
    },
    startDraining() {
      draining = true;
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    handle(req, res) {
      const startedAt = performance.now();
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const log: Record<string, unknown> = { method: req.method, path };
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (isHttps(req) && config.hstsMaxAgeS > 0) {
        res.setHeader('Strict-Transport-Security', `max-age=${config.hstsMaxAgeS}; includeSubDomains`);
      }
      if (draining) {
        res.setHeader('Connection', 'close');
        return sendJson(res, 503, { error: 'shutting_down' }, { 'Retry-After': '1' });
      }
      inFlight++;
      res.once('close', () => {
        metrics.httpResponse(routeOf(path), res.statusCode);
        logger.info({ ...log, status: res.statusCode, durationMs: Math.round((performance.now() - startedAt) * 10) / 10 }, 'request');
        settle();
      });
      route(req, res, path, log).catch((error: unknown) => {
        logger.error({ ...log, err: error instanceof Error ? error.message : String(error) }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.destroy();
      });
    },
  };
}
