/**
 * Every check of every suite, by suite folder. Used for `--list`, selection validation and the check catalogue doc.
 */
import type { CheckDef } from '../framework/checks/define.js';
import { surfaceChecks } from './e2e/surface.checks.js';
import { toolChecks } from './e2e/tools.checks.js';
import { goApiChecks } from './go-api/go-api.checks.js';
import { conformanceChecks } from './conformance/conformance.checks.js';
import { fuzzChecks } from './fuzz/fuzz.checks.js';
import { healthChecks } from './health/health.checks.js';
import { latencyChecks } from './latency/latency.checks.js';
import { metricsChecks } from './operations/metrics.checks.js';
import { httpsChecks } from './security/https/https.checks.js';
import { testsslChecks } from './security/https/testssl/testssl.checks.js';
import { jwtChecks } from './security/jwt/jwt.checks.js';
import { isolationChecks } from './security/isolation/isolation.checks.js';
import { transportChecks } from './security/transport/transport.checks.js';
import { skewChecks } from './security/skew/skew.checks.js';
import { tenantChecks } from './security/tenant/tenant.checks.js';

export const SUITES: Readonly<Record<string, readonly CheckDef[]>> = {
  health: healthChecks,
  'go-api': goApiChecks,
  e2e: [...surfaceChecks, ...toolChecks],
  latency: latencyChecks,
  'security/jwt': jwtChecks,
  'security/tenant': tenantChecks,
  'security/skew': skewChecks,
  'security/isolation': isolationChecks,
  'security/transport': transportChecks,
  // the HTTPS probes written here, then testssl.sh's verdicts on the same host
  'security/https': [...httpsChecks, ...testsslChecks],
  fuzz: fuzzChecks,
  conformance: conformanceChecks,
  operations: metricsChecks,
};

/** Suites that measure time: run alone, after the others, so concurrent checks do not skew them. */
export const ISOLATED_SUITES: readonly string[] = ['latency'];

export function allChecks(): CheckDef[] {
  return Object.values(SUITES).flat();
}
