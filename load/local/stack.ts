/**
 * The local stack for load runs and the benchmark: wired like fixtures/local-stack (same secrets on both sides,
 * production mode, issuer and audience enforced), but with the proxy in a process of its own, as deployed. The Go API
 * stand-in (and the TLS edge, when asked for) stay in this process; the load generator runs on a worker thread.
 *
 * Why not the in-process stack: there the stand-in's embedded PostgreSQL, the TLS edge and the proxy share one event
 * loop, so at 50 VUs every call waits for the others' CPU work and the run measures that queue, not the proxy.
 */
import { join } from 'node:path';
import { loadGoApiConfig } from '../../fixtures/go-api/config.js';
import { describeFaults, type GoApiFaults } from '../../fixtures/go-api/faults.js';
import { startGoApi, type GoApiServer } from '../../fixtures/go-api/server.js';
import { startTlsEdge, type TlsEdge } from '../../fixtures/edge/tls-edge.js';
import { randomSecret } from '../../fixtures/identities/tokens.js';
import type { TargetSpec } from '../../harness/target/spec.js';
import { startProxyProcess, type ProxyProcess, type ProxyProcessOptions } from './proxy-process.js';

export interface LoadStackOptions {
  readonly runId: string;
  /** put the TLS edge (Fly's force_https stand-in) in front of the proxy */
  readonly edge: boolean;
  readonly goFaults?: GoApiFaults;
  /** folder for the proxy's log file */
  readonly workDir: string;
  readonly proxyRuntime: ProxyProcessOptions['runtime'];
  readonly proxyNodeFlags?: readonly string[];
}

export interface LoadStack {
  readonly spec: TargetSpec;
  readonly goApi: GoApiServer;
  readonly proxy: ProxyProcess;
  readonly edge: TlsEdge | undefined;
  close(): Promise<void>;
}

const AUTH0_DOMAIN = 'auth.toolbridge.local';

export async function startLoadStack(options: LoadStackOptions): Promise<LoadStack> {
  const secrets = {
    jwtSecret: randomSecret(),
    tenantId: 'local-tenant',
    tenantSecret: randomSecret(),
    issuer: `https://${AUTH0_DOMAIN}/`,
    audience: 'toolbridge-mcp',
  };
  const goApi = await startGoApi({
    config: loadGoApiConfig({
      HTTP_ADDR: '127.0.0.1:0',
      JWT_HS256_SECRET: secrets.jwtSecret,
      TENANT_HEADER_SECRET: secrets.tenantSecret,
      STANDIN_FAULTS: describeFaults(options.goFaults ?? {}).join(','),
    }),
  });
  let proxy: ProxyProcess | undefined;
  let behindEdge = '';
  const edge: TlsEdge | undefined = options.edge ? await startTlsEdge(() => behindEdge) : undefined;
  try {
    proxy = await startProxyProcess({
      env: {
        TOOLBRIDGE_HOST: '127.0.0.1',
        TOOLBRIDGE_PORT: '0',
        TOOLBRIDGE_GO_API_BASE_URL: goApi.url,
        TOOLBRIDGE_TENANT_ID: secrets.tenantId,
        TOOLBRIDGE_TENANT_HEADER_SECRET: secrets.tenantSecret,
        TOOLBRIDGE_JWT_HS256_SECRET: secrets.jwtSecret,
        TOOLBRIDGE_JWT_ISSUER: secrets.issuer,
        TOOLBRIDGE_JWT_AUDIENCE: secrets.audience,
        TOOLBRIDGE_LOG_LEVEL: 'info',
        TOOLBRIDGE_SHUTDOWN_GRACE_MS: '5000',
        ...(edge ? { TOOLBRIDGE_PUBLIC_URL: edge.httpsUrl } : {}),
      },
      logFile: join(options.workDir, 'proxy.log'),
      runtime: options.proxyRuntime,
      ...(options.proxyNodeFlags ? { nodeFlags: options.proxyNodeFlags } : {}),
    });
    behindEdge = proxy.url;
  } catch (error) {
    await edge?.close();
    await proxy?.stop();
    await goApi.close();
    throw error;
  }
  const publicUrl = edge?.httpsUrl ?? proxy.url;
  const spec: TargetSpec = {
    name: 'local',
    proxyUrl: publicUrl,
    mcpUrl: `${publicUrl}/mcp`,
    goApiUrl: goApi.url,
    tenantId: secrets.tenantId,
    tenantSecret: secrets.tenantSecret,
    jwt: { kind: 'hs256', secret: secrets.jwtSecret },
    issuer: secrets.issuer,
    audience: secrets.audience,
    runId: options.runId,
    local: true,
    ...(edge ? { httpUrl: edge.httpUrl, caCertPem: edge.caPem } : {}),
  };
  const started = { proxy, edge };
  return {
    spec,
    goApi,
    proxy: started.proxy,
    edge: started.edge,
    async close() {
      await started.edge?.close();
      await started.proxy.stop();
      await goApi.close();
    },
  };
}
