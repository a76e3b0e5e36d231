/**
 * `npx tsx load/bench/metrics-cost.ts`: the CPU the proxy's metrics add to one tool call, measured in-process against
 * a baseline taken in the same run: what a call records (tool call, Go request, HTTP response, session lookup) versus
 * serialising the call's access-log record, which every call already pays. Prints JSON (docs/benchmarks.md).
 */
import { ALL_TOOL_NAMES } from '../../contract/tools.js';
import { createProxyMetrics } from '../../proxy/metrics/proxy-metrics.js';

const CALLS = 200_000;
const ROUNDS = 5;

const metrics = createProxyMetrics({ tools: ALL_TOOL_NAMES, inFlight: () => 0, goHealthy: async () => true });
const records = ALL_TOOL_NAMES.map((tool, i) => ({ tool, sub: `user-${i}`, isError: i % 7 === 0, goStatus: i % 7 === 0 ? 404 : 200, toolMs: 3 + (i % 11) }));

function recordMetrics(i: number): void {
  const record = records[i % records.length]!;
  metrics.sessionLookup(i % 50 !== 0);
  metrics.goRequest(i % 3 === 0 ? 'POST' : 'GET', record.toolMs / 1000, record.goStatus);
  metrics.toolCall(record);
  metrics.httpResponse('mcp', 200);
}

let sink = 0;
function logLine(i: number): void {
  const record = records[i % records.length]!;
  sink += JSON.stringify({ method: 'POST', path: '/mcp', status: 200, durationMs: 4.2, ...record }).length;
}

function cpuUsPerCall(work: (i: number) => void): number {
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) work(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / CALLS;
}

// warm both paths up (JIT), then alternate them round by round
cpuUsPerCall(recordMetrics);
cpuUsPerCall(logLine);
const rounds = Array.from({ length: ROUNDS }, () => ({ metricsUs: cpuUsPerCall(recordMetrics), logLineUs: cpuUsPerCall(logLine) }));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const metricsUs = median(rounds.map((r) => r.metricsUs));
const logLineUs = median(rounds.map((r) => r.logLineUs));
const scrape = performance.now();
const text = await metrics.registry.metrics();
process.stdout.write(
  `${JSON.stringify(
    {
      callsPerRound: CALLS,
      rounds: rounds.map((r) => ({ metricsUs: Number(r.metricsUs.toFixed(3)), logLineUs: Number(r.logLineUs.toFixed(3)) })),
      metricsUsPerCall: Number(metricsUs.toFixed(3)),
      logLineUsPerCall: Number(logLineUs.toFixed(3)),
      ratioToLogLine: Number((metricsUs / logLineUs).toFixed(2)),
      scrapeMs: Number((performance.now() - scrape).toFixed(1)),
      scrapeBytes: text.length,
      sink: sink > 0,
    },
    null,
    2,
  )}\n`,
);
