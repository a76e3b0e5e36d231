/**
 * Defects of the proxy's metrics, built by wrapping its metrics seam (and, to serve them publicly, its HTTP front).
 */
import { Counter } from 'prom-client';
import type { ProxyMetrics } from '../../proxy/metrics/proxy-metrics.js';
import type { RequestHandler } from '../../proxy/start.js';
import type { ProxyFaults } from './catalogue.js';

const METRICS_FAULTS = ['metricsOnPublicPort', 'metricsBySubject', 'metricsMissingHistogram', 'metricsNotCumulative'] as const;
type MetricsFaults = Pick<ProxyFaults, (typeof METRICS_FAULTS)[number]>;

export interface DefectiveMetrics {
  readonly metrics: (standard: ProxyMetrics) => ProxyMetrics;
  /** present when the metrics are also served on the public port */
  readonly httpFront: ((standard: RequestHandler) => RequestHandler) | undefined;
}

/** Every histogram's first bucket reported above the next one (a hand-written exporter's mistake). */
function notCumulative(text: string): string {
  let first = true;
  return text.replace(/^(toolbridge_\w+_bucket\{[^}]*le="0\.005"[^}]*\}) (\d+)$/gm, (line, series: string, value: string) => {
    if (!first) return line;
    first = false;
    return `${series} ${Number(value) + 1000}`;
  });
}

export function defectiveMetrics(faults: MetricsFaults): DefectiveMetrics | undefined {
  if (!METRICS_FAULTS.some((name) => faults[name])) return undefined;
  let served: ProxyMetrics | undefined;
  const metrics = (standard: ProxyMetrics): ProxyMetrics => {
    const { registry } = standard;
    if (faults.metricsMissingHistogram) registry.removeSingleMetric('toolbridge_tool_call_duration_seconds');
    if (faults.metricsNotCumulative) {
      const exposition = registry.metrics.bind(registry);
      registry.metrics = async () => notCumulative(await exposition());
    }
    const bySubject = faults.metricsBySubject
      ? new Counter({ name: 'toolbridge_tool_calls_by_user_total', help: 'tool calls per caller', labelNames: ['sub'], registers: [registry] })
      : undefined;
    served = {
      ...standard,
      toolCall(record) {
        if (!faults.metricsMissingHistogram) standard.toolCall(record);
        bySubject?.inc({ sub: record.sub });
      },
    };
    return served;
  };
  const httpFront = faults.metricsOnPublicPort
    ? (handle: RequestHandler): RequestHandler =>
        (req, res) => {
          if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics' || !served) return handle(req, res);
          void served.registry.metrics().then((text) => {
            res.writeHead(200, { 'content-type': served!.registry.contentType });
            res.end(text);
          });
        }
    : undefined;
  return { metrics, httpFront };
}
