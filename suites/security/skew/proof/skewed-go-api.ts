/**
 * A Go API stand-in whose clock is off from the verifier's by a fixed offset, described as a target: proves that
 * the skew checks place their probes on the TARGET's clock. The stand-in's serverTime and tenant check read the
 * skewed clock. Like the real Go API it stamps Date with that same clock; `dateFromProcessClock` puts a front in
 * front of it that rewrites Date to the verifier's clock instead (an inconsistent target), so both clock sources can
 * be exercised.
 */
import { randomUUID } from 'node:crypto';
import { loadGoApiConfig } from '../../../../stand-ins/go-api/config.js';
import { startGoApi } from '../../../../stand-ins/go-api/server.js';
import { dedicatedDatabase } from '../../../../stand-ins/go-api/testing/backends.js';
import { randomSecret } from '../../../../stand-ins/identities/tokens.js';
import { startTamperFront } from '../../../../stand-ins/tamper/tamper-front.js';
import type { TargetSpec } from '../../../../framework/target/spec.js';

export interface SkewedGoApi {
  readonly spec: TargetSpec;
  close(): Promise<void>;
}

export interface SkewedOptions {
  /** rewrite the Date header to the skewed clock too */
  /** rewrite the Date header to the unskewed process clock, so Date and serverTime disagree */
  readonly dateFromProcessClock: boolean;
  /** stand-in faults, as STANDIN_FAULTS (e.g. `widenTenantSkew`) */
  readonly faults?: string;
}

export async function startSkewedGoApi(offsetMs: number, options: SkewedOptions): Promise<SkewedGoApi> {
  const jwtSecret = randomSecret();
  const tenantSecret = randomSecret();
  const nowMs = () => Date.now() + offsetMs;
  const goApi = await startGoApi({
    config: loadGoApiConfig({ HTTP_ADDR: '127.0.0.1:0', JWT_HS256_SECRET: jwtSecret, TENANT_HEADER_SECRET: tenantSecret, STANDIN_FAULTS: options.faults ?? '' }),
    database: await dedicatedDatabase('proofs'),
    clock: { nowMs },
  });
  const front = options.dateFromProcessClock
    ? await startTamperFront(goApi.url, [{ when: () => true, rewrite: (r) => void (r.headers.date = new Date().toUTCString()) }])
    : undefined;
  const url = front?.url ?? goApi.url;
  return {
    spec: {
      name: `go-api-clock-${offsetMs >= 0 ? '+' : ''}${offsetMs}ms`,
      // the skew checks reach only the Go API; the proxy URLs are never used
      proxyUrl: url,
      mcpUrl: `${url}/mcp`,
      goApiUrl: url,
      tenantId: 'skewed-tenant',
      tenantSecret,
      jwt: { kind: 'hs256', secret: jwtSecret },
      issuer: undefined,
      audience: undefined,
      runId: `proof-${randomUUID().slice(0, 8)}`,
      local: true,
    },
    async close() {
      await front?.close();
      await goApi.close();
    },
  };
}
