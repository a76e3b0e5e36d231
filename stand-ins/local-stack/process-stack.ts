/**
 * The local stack for load runs and the benchmark: wired as the in-process stack is (wiring.ts), but with the proxy in
 * a process of its own, as deployed. The Go API
 * stand-in (and the TLS edge, when asked for) stay in this process; the load generator runs on a worker thread.
 *
 * Why not the in-process stack: there the stand-in's embedded PostgreSQL, the TLS edge and the proxy share one event
 * loop, so at 50 VUs every call waits for the others' CPU work and the run measures that queue, not the proxy.
 */
import { join } from 'node:path';
import { loadGoApiConfig } from '../go-api/config.js';
import type { GoApiFaults } from '../go-api/faults.js';
import { startGoApi, type GoApiServer } from '../go-api/server.js';
import { startTlsEdge, type TlsEdge } from '../edge/tls-edge.js';
import type { TargetSpec } from '../../framework/target/spec.js';
import { goApiEnvironment, localTargetSpec, newStackSecrets, proxyEnvironment } from './wiring.js';
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

export async function startLoadStack(options: LoadStackOptions): Promise<LoadStack> {
  const secrets = newStackSecrets();
  const goApi = await startGoApi({ config: loadGoApiConfig(goApiEnvironment(secrets, options.goFaults ? { faults: options.goFaults } : {})) });
  let proxy: ProxyProcess | undefined;
  let behindEdge = '';
  const edge: TlsEdge | undefined = options.edge ? await startTlsEdge(() => behindEdge) : undefined;
  try {
    proxy = await startProxyProcess({
      env: proxyEnvironment(secrets, { goApiUrl: goApi.url, ...(edge ? { publicUrl: edge.httpsUrl } : {}) }),
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
  const spec = localTargetSpec({ secrets, publicUrl: edge?.httpsUrl ?? proxy.url, goApiUrl: goApi.url, edge }, options.runId);
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
