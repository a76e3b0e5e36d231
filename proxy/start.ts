/**
 * Builds and starts the proxy in-process: `startProxy()` for tests, the local stack and `main.ts`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { ENTITIES, type EntityDef } from '../contract/entities.js';
import { createTokenVerifier } from './auth/verify-token.js';
import { publicBaseUrl, type ProxyConfig } from './config.js';
import type { ProxyFaults } from './faults.js';
import { GoGateway } from './go/gateway.js';
import { GoClient } from './go/go-client.js';
import { SessionCache } from './go/session-cache.js';
import { createProxyApp, type ProxyApp } from './http/app.js';
import { createMcpEndpoint, type ToolCallRecord } from './http/mcp-endpoint.js';
import { createLogger } from './logger.js';
import { buildTools, type ToolDef } from './tools/definitions.js';

/** Go sessions live 30 min; renew well before, so a call never races the expiry. */
const SESSION_RENEW_AFTER_MS = 25 * 60 * 1000;

export interface StartProxyOptions {
  readonly config: ProxyConfig;
  readonly faults?: ProxyFaults;
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

function miswiredTarget(faults: ProxyFaults): (tool: ToolDef) => EntityDef {
  const miswired = new Set(typeof faults.miswireTool === 'string' ? [faults.miswireTool] : (faults.miswireTool ?? []));
  return (tool) => {
    if (!miswired.has(tool.name)) return tool.entity;
    const index = ENTITIES.indexOf(tool.entity);
    return ENTITIES[(index + 1) % ENTITIES.length]!;
  };
}

export async function startProxy(options: StartProxyOptions): Promise<ProxyHandle> {
  const { config } = options;
  const faults = options.faults ?? {};
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
  const gateway = new GoGateway(client, sessions, { newSessionPerCall: faults.newSessionPerCall === true });
  const mcp = createMcpEndpoint({
    tools: buildTools({ validateUid: !faults.noUidValidation }),
    execution: {
      gateway,
      targetOf: miswiredTarget(faults),
      deleteReportsError: faults.deleteReportsError === true,
      opaqueGoErrors: faults.opaqueGoErrors === true,
    },
    maxBodyBytes: faults.noBodyLimit ? 256 * 1024 * 1024 : config.maxBodyBytes,
    onToolCall: (record: ToolCallRecord) => logger.info(record, 'tool call'),
  });
  let publicBase = '';
  const app = createProxyApp({
    config,
    publicBase: () => publicBase,
    logger,
    verifyToken: createTokenVerifier(config.jwt, faults),
    mcp,
    goHealthy: () => client.healthy(2_000),
    faults,
  });

  const server: Server = createServer((req, res) => app.handle(req, res));
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
  const activeFaults = Object.entries(faults).filter(([, v]) => v !== undefined && v !== false).map(([k]) => k);
  logger.info({ port, publicUrl: publicBase, goApi: new URL(config.goApiBaseUrl).origin, faults: activeFaults }, 'proxy listening');

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
