/**
 * A proxy configured as a Machine of a fly.toml's app would be ([env] + dummy secrets), on loopback, with the check
 * context that probes it: what deploy/fly-config.ts needs to check a configuration against the real proxy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProxyConfig } from '../../proxy/config.js';
import { startProxy, type ProxyHandle } from '../../proxy/start.js';
import { flyEnv, type FlyCheckContext, type FlyExpectations } from '../fly-config.js';
import { DUMMY_SECRETS, REPO_ROOT, proxyShutdownSignals } from '../proxy-facts.js';
import { unusedPort } from '../../framework/testing/ports.js';

export interface FlyMachine {
  readonly proxy: ProxyHandle;
  readonly ctx: FlyCheckContext;
}

export async function startFlyMachine(doc: unknown, expect: FlyExpectations): Promise<FlyMachine> {
  // ephemeral loopback ports (internal_port and [metrics] are checked against the [env] values separately) and a Go
  // URL on a closed local port, so nothing is sent to Fly and /readyz reports the Go API as unreachable
  const config = loadProxyConfig({
    ...flyEnv(doc),
    ...DUMMY_SECRETS,
    TOOLBRIDGE_HOST: '127.0.0.1',
    TOOLBRIDGE_PORT: '0',
    TOOLBRIDGE_METRICS_HOST: '127.0.0.1',
    TOOLBRIDGE_METRICS_PORT: '0',
    TOOLBRIDGE_GO_API_BASE_URL: `http://127.0.0.1:${await unusedPort()}`,
    TOOLBRIDGE_LOG_LEVEL: 'silent',
  });
  const proxy = await startProxy({ config });
  return {
    proxy,
    ctx: {
      handledSignals: proxyShutdownSignals(),
      secrets: DUMMY_SECRETS,
      // like Fly's checker: straight to the Machine, no credentials, redirects not followed
      probe: async (path, headers) => (await fetch(`${proxy.url}${path}`, { headers, redirect: 'manual' })).status,
      fileExists: (path) => existsSync(join(REPO_ROOT, path)),
      expect,
    },
  };
}
