/**
 * The local stack: the Go API stand-in and the MCP proxy, in-process on free loopback ports, wired with freshly
 * generated secrets exactly as a deployment is (same HS256 secret and tenant secret on both sides, production mode,
 * issuer and audience enforced by the proxy).
 */
import type { DestinationStream } from 'pino';
import { loadGoApiConfig } from '../go-api/config.js';
import type { Database } from '../go-api/db/database.js';
import type { GoApiFaults } from '../go-api/faults.js';
import { startGoApi, type GoApiServer } from '../go-api/server.js';
import { loadProxyConfig, type ProxyConfig } from '../../proxy/config.js';
import { startProxy, type ProxyHandle, type ProxySeams } from '../../proxy/start.js';
import { importPKCS8 } from 'jose';
import { startJwksServer, type JwksServer } from '../identities/jwks-server.js';
import { mintHs256, mintRs256, type MintOptions } from '../identities/tokens.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import { goApiEnvironment, localTargetSpec, newStackSecrets, proxyEnvironment, type StackSecrets } from './wiring.js';
import { startTlsEdge, type EdgeFaults, type TlsEdge } from '../edge/tls-edge.js';

export interface LocalStackOptions {
  /** share an open database (tests); otherwise the stand-in opens its own PGlite */
  readonly database?: Database;
  readonly goFaults?: GoApiFaults;
  /** replace parts of the proxy (proofs start defective proxies this way) */
  readonly proxy?: { readonly seams?: ProxySeams; readonly config?: (standard: ProxyConfig) => ProxyConfig };
  /** extra proxy environment, e.g. a short TOOLBRIDGE_GO_TIMEOUT_MS */
  readonly proxyEnv?: Readonly<Record<string, string>>;
  /** extra Go API environment, e.g. `ENV=dev` (DevMode, a configuration the real API has) */
  readonly goEnv?: Readonly<Record<string, string>>;
  /** proxy logs (default: discarded) */
  readonly logDestination?: DestinationStream;
  readonly secrets?: Partial<StackSecrets>;
  /** put something between the proxy and the Go API (a tampering front): gets the stand-in's URL, returns the one to use */
  readonly wrapGoApi?: (goApiUrl: string) => Promise<{ readonly url: string; close(): Promise<void> }>;
  /** put something between the edge (or the caller) and the proxy: gets the proxy's URL, returns the one to use */
  readonly wrapProxy?: (proxyUrl: string) => Promise<{ readonly url: string; close(): Promise<void> }>;
  /** put a TLS edge that behaves like Fly's force_https in front of the proxy (optionally with its own defects) */
  readonly edge?: boolean | EdgeFaults;
  /**
   * How callers authenticate: `hs256` (a shared secret, the staging setup) or `rs256` (an identity provider's JWKS:
   * the proxy takes RS256 only; the Go API runs with AUTH0 on and, as the real one does, still accepts HS256 too).
   */
  readonly jwt?: 'hs256' | 'rs256';
}

export interface LocalStack {
  readonly goApi: GoApiServer;
  /** where the Go API is reached (the stand-in, or the front wrapped around it) */
  readonly goApiUrl: string;
  readonly proxy: ProxyHandle;
  /** MCP endpoint of the proxy itself, e.g. http://127.0.0.1:40123/mcp */
  readonly mcpUrl: string;
  /** the TLS edge in front of the proxy, when asked for */
  readonly edge: TlsEdge | undefined;
  /** where callers reach the proxy: the edge, else the wrapped proxy, else the proxy itself */
  readonly publicUrl: string;
  /** the identity provider's JWKS, in rs256 mode */
  readonly jwks: JwksServer | undefined;
  readonly secrets: StackSecrets;
  /** the stack as a target of the harness */
  targetSpec(runId: string): TargetSpec;
  /** a token the proxy and the Go API both accept */
  mintToken(sub: string, options?: Omit<MintOptions, 'sub'>): Promise<string>;
  close(): Promise<void>;
}

const discard: DestinationStream = { write: () => undefined };

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const jwks = options.jwt === 'rs256' ? await startJwksServer() : undefined;
  const secrets = newStackSecrets(options.secrets);
  const goApi = await startGoApi({
    config: loadGoApiConfig({
      ...goApiEnvironment(secrets, { ...(jwks ? { jwksUrl: jwks.url } : {}), ...(options.goFaults ? { faults: options.goFaults } : {}) }),
      ...options.goEnv,
    }),
    ...(options.database ? { database: options.database } : {}),
  });
  let proxy: ProxyHandle;
  let front: { readonly url: string; close(): Promise<void> } | undefined;
  // the edge starts first, so the proxy knows its public URL; it forwards to whatever stands behind it once started
  let behindEdge = '';
  const edge = options.edge ? await startTlsEdge(() => behindEdge, options.edge === true ? {} : options.edge) : undefined;
  try {
    front = options.wrapGoApi ? await options.wrapGoApi(goApi.url) : undefined;
    const config = loadProxyConfig({
      ...proxyEnvironment(secrets, { goApiUrl: front?.url ?? goApi.url, ...(jwks ? { jwksUrl: jwks.url } : {}), ...(edge ? { publicUrl: edge.httpsUrl } : {}) }),
      ...options.proxyEnv,
    });
    proxy = await startProxy({
      config: options.proxy?.config?.(config) ?? config,
      ...(options.proxy?.seams ? { seams: options.proxy.seams } : {}),
      logDestination: options.logDestination ?? discard,
    });
  } catch (error) {
    await edge?.close();
    await front?.close();
    await goApi.close();
    await jwks?.close();
    throw error;
  }
  const proxyFront = options.wrapProxy ? await options.wrapProxy(proxy.url) : undefined;
  const proxyUrl = proxyFront?.url ?? proxy.url;
  behindEdge = proxyUrl;
  const goApiUrl = front?.url ?? goApi.url;
  const publicUrl = edge?.httpsUrl ?? proxyUrl;
  return {
    goApi,
    goApiUrl,
    proxy,
    mcpUrl: `${proxy.url}/mcp`,
    edge,
    publicUrl,
    jwks,
    secrets,
    targetSpec: (runId) => localTargetSpec({ secrets, publicUrl, goApiUrl, edge, jwks, metricsUrl: proxy.metricsUrl }, runId),
    mintToken: async (sub, mint = {}) => {
      const claims = { issuer: secrets.issuer, audience: secrets.audience, ...mint, sub };
      if (!jwks) return mintHs256(secrets.jwtSecret, claims);
      return mintRs256(await importPKCS8(jwks.privateKeyPem, 'RS256'), jwks.kid, claims);
    },
    async close() {
      await edge?.close();
      await proxyFront?.close();
      await proxy.close();
      await front?.close();
      await goApi.close();
      await jwks?.close();
    },
  };
}
