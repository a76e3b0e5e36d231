/**
 * `npm run proxy` / `node dist/proxy/main.js`: the MCP proxy configured from the environment.
 */
import { loadProxyConfig, ProxyConfigError } from './config.js';
import { startProxy } from './start.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadProxyConfig(process.env);
  } catch (error) {
    if (error instanceof ProxyConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const proxy = await startProxy({ config });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    proxy.logger.info({ signal, inFlight: proxy.app.inFlight }, 'draining');
    void proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
