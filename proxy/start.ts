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
import { startMetricsServer, METRICS_PATH, type MetricsServer } from './metrics/metrics-server.js';
import { createProxyMetrics, type ProxyMetrics } from './metrics/proxy-metrics.js';
import { createToolRouter, type ToolRouter } from './tools/execute.js';
import { ALL_TOOL_NAMES } from '../contract/tools.js';

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
  /** what the proxy counts and how it is exposed */
  readonly metrics?: (standard: ProxyMetrics) => ProxyMetrics;
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
  readonly metrics: ProxyMetrics;
  /** GET /metrics on its own listener, when TOOLBRIDGE_METRICS_PORT is set */
  readonly metricsUrl: string | undefined;
  /** Go requests made so far */
  goRequests(): number;
  /** stop accepting, finish in-flight calls (up to the configured grace), close the Go pool */
  close(): Promise<void>;
}

/** How this machine reaches a listener bound to `host` (a wildcard address is reached on loopback). */
function localUrl(bound: string, port: number): string {
  const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startProxy(options: StartProxyOptions): Promise<ProxyHandle> {
  const { config } = options;
  const seams = options.seams ?? {};
  const logger = createLogger(config.logLevel, options.logDestination);
  // the in-flight gauge reads the app, and the Go gauge the client, at scrape time: both exist by then
  let app: ProxyApp | undefined;
  const goHealthy = () => client.healthy(2_000);
  const standardMetrics = createProxyMetrics({ tools: ALL_TOOL_NAMES, inFlight: () => app?.inFlight ?? 0, goHealthy });
  const metrics = seams.metrics?.(standardMetrics) ?? standardMetrics;
  const client = new GoClient({
    baseUrl: config.goApiBaseUrl,
    tenantId: config.tenantId,
    tenantSecret: config.tenantSecret,
    timeoutMs: config.goTimeoutMs,
    connections: config.goConnections,
    observe: (method, seconds, outcome) => metrics.goRequest(method, seconds, outcome),
    ...(options.goDispatcher ? { dispatcher: options.goDispatcher } : {}),
  });
  const sessions = new SessionCache({
    renewAfterMs: SESSION_RENEW_AFTER_MS,
    maxEntries: 10_000,
    nowMs: Date.now,
    onLookup: (hit) => metrics.sessionLookup(hit),
  });
  const sessionStore = seams.sessionStore?.(sessions) ?? sessions;
  const toolRouter = createToolRouter(new GoGateway(client, sessionStore));
  const mcp = createMcpEndpoint({
    router: seams.toolRouter?.(toolRouter) ?? toolRouter,
    maxBodyBytes: config.maxBodyBytes,
  });
  let publicBase = '';
  const proxyApp = createProxyApp({
    config,
    publicBase: () => publicBase,
    logger,
    verifyToken: (seams.tokenVerifier ?? createTokenVerifier)(config.jwt),
    mcp,
    goHealthy,
    metrics,
  });
  app = proxyApp;
  const handle: RequestHandler = (req, res) => proxyApp.handle(req, res);

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
  let metricsServer: MetricsServer | undefined;
  if (config.metrics) {
    metrics.collectProcessMetrics();
    metricsServer = await startMetricsServer(metrics.registry, config.metrics.host, config.metrics.port, (error) =>
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'metrics collection failed'),
    );
  }
  const metricsUrl = config.metrics && metricsServer ? `${localUrl(config.metrics.host, metricsServer.port)}${METRICS_PATH}` : undefined;
  logger.info({ port, publicUrl: publicBase, goApi: new URL(config.goApiBaseUrl).origin, metricsPort: metricsServer?.port }, 'proxy listening');

  let closing: Promise<void> | undefined;
  return {
    url: localUrl(config.host, port),
    port,
    logger,
    app: proxyApp,
    metrics,
    metricsUrl,
    goRequests: () => client.requestCount,
    close: () =>
      (closing ??= (async () => {
        proxyApp.startDraining();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, config.shutdownGraceMs);
        });
        await Promise.race([proxyApp.idle(), graceOver]);
        clearTimeout(timer);
        server.closeAllConnections();
        await stopped;
        await Promise.all([client.close(), metricsServer?.close()]);
        logger.info({ inFlightAbandoned: proxyApp.inFlight }, 'proxy stopped');
      })()),
  };
}
