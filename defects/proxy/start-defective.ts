/**
 * A proxy with faults: the seams of proxy/start.ts replaced or wrapped by the defective variants in this folder.
 */
import type { ProxyConfig } from '../../proxy/config.js';
import type { SessionStore } from '../../proxy/go/gateway.js';
import type { ProxySeams, RequestHandler } from '../../proxy/start.js';
import type { ProxyFaults } from './catalogue.js';
import { defectiveHttpFront } from './http-front.js';
import { defectiveMetrics } from './metrics.js';
import { defectiveTokenVerifier } from './lax-token-verifier.js';
import { defectiveToolRouter } from './tool-router.js';

/** A store that never remembers: every tool call opens a new Go sync session. */
const forgetfulSessions = (): SessionStore => ({
  get: async (_sub, open) => ({ ...(await open()), openedAtMs: Date.now() }),
  invalidate: () => undefined,
  adoptEpoch: () => undefined,
});

/** Larger than any body a check sends: the configured limit no longer applies. */
const NO_BODY_LIMIT = 256 * 1024 * 1024;

export interface DefectiveProxy {
  readonly seams: ProxySeams;
  config(standard: ProxyConfig): ProxyConfig;
}

export function defectiveProxy(faults: ProxyFaults): DefectiveProxy {
  const tokenVerifier = defectiveTokenVerifier(faults);
  const toolRouter = defectiveToolRouter(faults);
  const frontFaults = defectiveHttpFront(faults);
  const metricsFaults = defectiveMetrics(faults);
  const metricsFront = metricsFaults?.httpFront;
  const httpFront =
    frontFaults && metricsFront ? (handle: RequestHandler) => frontFaults(metricsFront(handle)) : (frontFaults ?? metricsFront);
  return {
    seams: {
      ...(tokenVerifier ? { tokenVerifier } : {}),
      ...(toolRouter ? { toolRouter } : {}),
      ...(httpFront ? { httpFront } : {}),
      ...(metricsFaults ? { metrics: metricsFaults.metrics } : {}),
      ...(faults.newSessionPerCall ? { sessionStore: forgetfulSessions } : {}),
    },
    config: (standard) => (faults.noBodyLimit ? { ...standard, maxBodyBytes: NO_BODY_LIMIT } : standard),
  };
}
