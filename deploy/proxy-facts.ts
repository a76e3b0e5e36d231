/**
 * Facts about the proxy that the deployment files must agree with, read from the proxy itself rather than restated:
 * its default configuration (`loadProxyConfig`) and the signals proxy/main.ts drains on.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProxyConfig, type ProxyConfig } from '../proxy/config.js';

/** Repository root (this file lives in deploy/). */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Stand-ins for what `fly secrets set` / `docker run -e` provide; loadProxyConfig refuses to run without them. */
export const DUMMY_SECRETS: Readonly<Record<string, string>> = {
  TOOLBRIDGE_TENANT_ID: 'deploy-check-tenant',
  TOOLBRIDGE_TENANT_HEADER_SECRET: 'd'.repeat(64),
  TOOLBRIDGE_JWT_HS256_SECRET: 'e'.repeat(64),
};

/** The configuration the proxy runs with when only the required secrets are set. */
export function defaultProxyConfig(): ProxyConfig {
  return loadProxyConfig({ ...DUMMY_SECRETS });
}

/** Signals a source file registers handlers for (`process.on('SIGTERM', ...)`). */
export function signalsHandledIn(source: string): string[] {
  return [...source.matchAll(/process\.(?:on|once)\(\s*['"](SIG[A-Z0-9]+)['"]/g)].map((m) => m[1]!);
}

/** Signals proxy/main.ts drains on. */
export function proxyShutdownSignals(): string[] {
  return signalsHandledIn(readFileSync(new URL('../proxy/main.ts', import.meta.url), 'utf8'));
}
