/**
 * Builds and starts the proxy in-process: `startProxy()` for tests, the local stack and `main.ts`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { createTokenVerifier, type TokenVerifier } from './auth/verify-token.js';
import { publicBaseUrl, type JwtSettings, type ProxyConfig } from './config.js';
import { GoGateway, type SessionStore } from './go/gateway.js';
import { GoClient } from './go/go-client.js';
import { SessionCache } from './go/session-cache.js';
import { createProxyApp, type ProxyApp } from './http/app.js';
import { createMcpEndpoint } from './http/mcp-endpoint.js';
import { createLogger } from './logger.js';
import { createToolRouter, type ToolRouter } from './tools/execute.js';

/** Go sessions live 30 min; renew well before, so a call never races the expiry. */
const SESSION_RENEW_AFTER_MS = 25 * 60 * 1000;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The parts of the proxy a caller may replace when starting it in-process (tests and proofs wrap them); `main.ts`
 * replaces none. Each defaults to the proxy's own behaviour.
 */
export interface ProxySeams {
  /** checks the caller's bearer token */
  readonly tokenVerifier?: (settings: JwtSettings) => TokenVerifier;
  /** where each caller's Go sync session is kept */
  readonly sessionStore?: (standard: SessionStore) => SessionStore;
  /** the tools served and how a call runs */
  readonly toolRouter?: (standard: ToolRouter) => ToolRouter;
  /** every HTTP request and response passes through it before the proxy's own handling (headers, challenges) */
  readonly httpFront?: (standard: RequestHandler) => RequestHandler;
}

export interface StartProxyOptions {
  readonly config: ProxyConfig;
  readonly seams?: ProxySeams;
  /** where logs go (default stdout) */
  readonly logDestination?: DestinationStream;
  /** undici dispatcher for the Go API (tests pass a MockAgent) */
  readonly goDispatcher?: Dispatcher;
}

export interface ProxyHandle {
  readonly url: string;
  readonly port: number;
  readonly logger: Logger;
  readonly app: ProxyApp;
  /** Go requests made so far */
  goRequests(): number;
  /** stop accepting, finish in-flight calls (up to the configured grace), close the Go pool */
  close(): Promise<void>;
}

export async function startProxy(options: StartProxyOptions): Promise<ProxyHandle> {
  const { config } = options;
  const seams = options.seams ?? {};
  const logger = createLogger(config.logLevel, options.logDestination);
  const client = new GoClient({
    baseUrl: config.goApiBaseUrl,
    tenantId: config.tenantId,
    tenantSecret: config.tenantSecret,
    timeoutMs: config.goTimeoutMs,
    connections: config.goConnections,
    ...(options.goDispatcher ? { dispatcher: options.goDispatcher } : {}),
  });
  const sessions = new SessionCache({ renewAfterMs: SESSION_RENEW_AFTER_MS, maxEntries: 10_000, nowMs: Date.now });
  const sessionStore = seams.sessionStore?.(sessions) ?? sessions;
  const toolRouter = createToolRouter(new GoGateway(client, sessionStore));
  const mcp = createMcpEndpoint({
    router: seams.toolRouter?.(toolRouter) ?? toolRouter,
    maxBodyBytes: config.maxBodyBytes,
  });
  let publicBase = '';
  const app = createProxyApp({
    config,
    publicBase: () => publicBase,
    logger,
    verifyToken: (seams.tokenVerifier ?? createTokenVerifier)(config.jwt),
    mcp,
    goHealthy: () => client.healthy(2_000),
  });
  const handle: RequestHandler = (req, res) => app.handle(req, res);

  const server: Server = createServer(seams.httpFront?.(handle) ?? handle);
  server.keepAliveTimeout = 65_000; // above Fly's 60 s idle timeout, so the edge closes first
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  publicBase = publicBaseUrl(config, port);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info({ port, publicUrl: publicBase, goApi: new URL(config.goApiBaseUrl).origin }, 'proxy listening');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    logger,
    app,
    goRequests: () => client.requestCount,
    close: () =>
      (closing ??= (async () => {
        app.startDraining();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, config.shutdownGraceMs);
        });
        await Promise.race([app.idle(), graceOver]);
        clearTimeout(timer);
        server.closeAllConnections();
        await stopped;
        await client.close();
        logger.info({ inFlightAbandoned: app.inFlight }, 'proxy stopped');
      })()),
  };
}
