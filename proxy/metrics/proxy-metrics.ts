/**
 * The proxy's Prometheus metrics (prom-client), one registry per proxy, as contract/metrics.ts declares them. Every
 * label value comes from a fixed set (tool names from the entity table, outcomes, reasons, HTTP statuses, routes):
 * never a user id, token, uid or URL, so cardinality stays bounded and nothing identifying reaches a scrape.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  AUTH_FAILURE_REASONS,
  LATENCY_BUCKETS_S,
  PROXY_METRICS,
  TOOL_OUTCOMES,
  type AuthFailureReason,
  type HttpRoute,
  type MetricFamily,
  type ToolOutcome,
} from '../../contract/metrics.js';
import type { GoUnavailableError } from '../go/go-client.js';
import type { ToolCallRecord } from '../http/mcp-endpoint.js';
import { SERVICE_VERSION } from '../version.js';

/** A Go request that got no HTTP answer, by why. */
type GoUnavailableKind = GoUnavailableError['kind'];

export interface ProxyMetricsSources {
  /** the tools served (their series start at 0) */
  readonly tools: readonly string[];
  /** requests being handled now */
  readonly inFlight: () => number;
  /** Go `/healthz` answers 200 (asked at scrape time) */
  readonly goHealthy: () => Promise<boolean>;
}

export interface ProxyMetrics {
  readonly registry: Registry;
  toolCall(record: ToolCallRecord): void;
  /** a Go request that got an answer (`status`) or none */
  goRequest(method: string, seconds: number, outcome: number | GoUnavailableKind): void;
  authFailure(reason: AuthFailureReason): void;
  httpResponse(route: HttpRoute, status: number): void;
  sessionLookup(hit: boolean): void;
  /** process and Node.js runtime metrics too (once, when the metrics are served) */
  collectProcessMetrics(): void;
}

export function toolOutcome(record: Pick<ToolCallRecord, 'isError' | 'goStatus'>): ToolOutcome {
  if (!record.isError) return 'ok';
  if (record.goStatus === undefined) return 'failed';
  return record.goStatus >= 500 ? 'go_error' : 'rejected';
}

const declared = <T extends MetricFamily>(f: T) => ({ name: f.name, help: f.help, labelNames: [...f.labels] });

export function createProxyMetrics(sources: ProxyMetricsSources): ProxyMetrics {
  const registry = new Registry();
  const registers = [registry];
  const m = PROXY_METRICS;
  const toolCalls = new Counter({ ...declared(m.toolCalls), registers });
  const toolCallDuration = new Histogram({ ...declared(m.toolCallDuration), buckets: [...LATENCY_BUCKETS_S], registers });
  const goRequestDuration = new Histogram({ ...declared(m.goRequestDuration), buckets: [...LATENCY_BUCKETS_S], registers });
  const goErrors = new Counter({ ...declared(m.goErrors), registers });
  new Gauge({
    ...declared(m.goUp),
    registers,
    async collect() {
      this.set((await sources.goHealthy()) ? 1 : 0);
    },
  });
  const authFailures = new Counter({ ...declared(m.authFailures), registers });
  const httpRequests = new Counter({ ...declared(m.httpRequests), registers });
  new Gauge({
    ...declared(m.inFlight),
    registers,
    collect() {
      this.set(sources.inFlight());
    },
  });
  const sessionHits = new Counter({ ...declared(m.sessionCacheHits), registers });
  const sessionMisses = new Counter({ ...declared(m.sessionCacheMisses), registers });
  new Gauge({ ...declared(m.buildInfo), registers }).set({ version: SERVICE_VERSION }, 1);

  // known label combinations start at 0, so rate() sees a series before its first event (the alerts take ratios)
  for (const tool of sources.tools) for (const outcome of TOOL_OUTCOMES) toolCalls.inc({ tool, outcome }, 0);
  for (const reason of AUTH_FAILURE_REASONS) authFailures.inc({ reason }, 0);

  let processMetrics = false;
  return {
    registry,
    toolCall(record) {
      toolCalls.inc({ tool: record.tool, outcome: toolOutcome(record) });
      toolCallDuration.observe({ tool: record.tool }, record.toolMs / 1000);
    },
    goRequest(method, seconds, outcome) {
      goRequestDuration.observe({ method }, seconds);
      if (typeof outcome !== 'number' || outcome >= 400) goErrors.inc({ status: String(outcome) });
    },
    authFailure(reason) {
      authFailures.inc({ reason });
    },
    httpResponse(route, status) {
      httpRequests.inc({ route, code: String(status) });
    },
    sessionLookup(hit) {
      (hit ? sessionHits : sessionMisses).inc();
    },
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
  };
}
