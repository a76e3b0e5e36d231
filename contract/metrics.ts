/**
 * The proxy's Prometheus metrics as a contract: family names, types and the labels each may carry. The proxy
 * registers exactly these; the metrics checks, the alert rules' and dashboard's tests and docs/metrics.md read them.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  readonly help: string;
}

const family = (name: string, type: MetricType, labels: readonly string[], help: string): MetricFamily => ({ name, type, labels, help });

export const PROXY_METRICS = {
  toolCalls: family('toolbridge_tool_calls_total', 'counter', ['tool', 'outcome'], 'MCP tool calls by tool and outcome'),
  toolCallDuration: family('toolbridge_tool_call_duration_seconds', 'histogram', ['tool'], 'MCP tool call duration in seconds, Go requests included'),
  goRequestDuration: family('toolbridge_go_request_duration_seconds', 'histogram', ['method'], 'Go API request duration in seconds, by HTTP method'),
  goErrors: family(
    'toolbridge_go_errors_total',
    'counter',
    ['status'],
    'Go API requests that failed: the HTTP status (4xx, 5xx), or timeout, connection or protocol when Go gave no answer',
  ),
  goUp: family('toolbridge_go_api_up', 'gauge', [], 'Whether the Go API /healthz answered 200 when this scrape asked (1) or not (0)'),
  authFailures: family('toolbridge_auth_failures_total', 'counter', ['reason'], 'Requests to /mcp refused for their bearer token, by reason'),
  httpRequests: family('toolbridge_http_requests_total', 'counter', ['route', 'code'], 'HTTP requests answered, by route and status code'),
  inFlight: family('toolbridge_http_requests_in_flight', 'gauge', [], 'HTTP requests being handled'),
  sessionCacheHits: family('toolbridge_go_session_cache_hits_total', 'counter', [], 'Tool calls that reused a cached Go sync session'),
  sessionCacheMisses: family('toolbridge_go_session_cache_misses_total', 'counter', [], 'Tool calls that had to open (or wait for) a Go sync session'),
  buildInfo: family('toolbridge_build_info', 'gauge', ['version'], 'The proxy version running (always 1)'),
} as const satisfies Record<string, MetricFamily>;

/** How a tool call ended: Go answered 2xx; Go refused it (4xx); Go failed (5xx); no Go answer (bad arguments, Go unreachable). */
export const TOOL_OUTCOMES = ['ok', 'rejected', 'go_error', 'failed'] as const;
export type ToolOutcome = (typeof TOOL_OUTCOMES)[number];

/** Why a bearer token was refused. */
export const AUTH_FAILURE_REASONS = ['missing', 'malformed', 'expired', 'bad_signature', 'claims', 'algorithm', 'unknown_key', 'no_subject', 'invalid'] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** The proxy's routes as a label: anything else is `other`, so a scan of random paths adds no series. */
export const HTTP_ROUTES = ['mcp', 'liveness', 'readiness', 'metadata', 'other'] as const;
export type HttpRoute = (typeof HTTP_ROUTES)[number];

/** Families of the Node.js client's process collector, present on every scrape (process_*, nodejs_*). */
export const PROCESS_METRICS = ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_seconds'] as const;

/** Seconds; 0.2 is the latency gate (p95 < 200 ms), so a quantile at the gate is read at a bucket edge. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10] as const;
