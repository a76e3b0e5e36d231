/**
 * The alert rules, the scrape configuration and the Grafana dashboard, held to Prometheus's own tool (promtool: rule
 * and config syntax, PromQL, the rules' unit tests) and to the proxy's metrics contract (every name they use exists,
 * every family is on the dashboard). promtool is Debian's `prometheus` package: optional locally, required in CI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_METRICS, PROXY_METRICS } from '../../contract/metrics.js';
import { INSTALL_COMMANDS, locatePromtool } from '../../framework/engines/locate.js';
import { runEngineProcess } from '../../framework/engines/process.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { sharedDatabase } from '../../stand-ins/go-api/testing/backends.js';
import { uniqueSub } from '../../stand-ins/identities/tokens.js';
import { startLocalStack, type LocalStack } from '../../stand-ins/local-stack/stack.js';
import { REPO_ROOT } from '../proxy-facts.js';

const DIR = join(REPO_ROOT, 'deploy/observability');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
const RULES = (parseYaml(read('alerts.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const RULE_TESTS = parseYaml(read('alerts.test.yml')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
interface Panel {
  readonly title: string;
  readonly type: string;
  readonly datasource: { uid: string };
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly targets: { expr: string; refId: string }[];
}
const DASHBOARD = JSON.parse(read('grafana-dashboard.json')) as { uid: string; title: string; schemaVersion: number; panels: Panel[]; templating: { list: { name: string }[] } };

/** Names a PromQL expression reads: the proxy's families (with histogram suffixes), process metrics and `up`. */
const KNOWN_NAMES = new Set([
  'up',
  ...PROCESS_METRICS,
  ...Object.values(PROXY_METRICS).flatMap((f) => (f.type === 'histogram' ? [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`] : [f.name])),
]);
const metricNames = (expr: string) => [...expr.matchAll(/\b(toolbridge_[a-z_]+|process_[a-z_]+|nodejs_[a-z_]+|up)\b(?=\s*[{[)]|\s*$|\s)/g)].map((m) => m[1]!);
const familyOf = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

/** promtool with `args`, from `cwd`; its exit code and output (the engines' runner, as the gate runs it). */
async function promtool(args: readonly string[], cwd: string, input?: string): Promise<{ code: number | null; output: string }> {
  const result = await runEngineProcess(locatePromtool()!, args, { cwd, timeoutMs: 60_000, ...(input !== undefined ? { input } : {}) });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

const promtoolMissing = () => optionalRequirement(locatePromtool() !== undefined, 'promtool', INSTALL_COMMANDS.promtool);

describe('alert rules (deploy/observability/alerts.yml)', () => {
  it('pass promtool check rules and promtool test rules', async (ctx) => {
    const skip = promtoolMissing();
    if (skip) return ctx.skip(skip);
    const check = await promtool(['check', 'rules', 'alerts.yml'], DIR);
    expect(check.code, check.output).toBe(0);
    const test = await promtool(['test', 'rules', 'alerts.test.yml'], DIR);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toContain('SUCCESS');
  });

  it('the unit tests catch a rule that no longer fires: each threshold raised tenfold fails them', async (ctx) => {
    const skip = promtoolMissing();
    if (skip) return ctx.skip(skip);
    const scratch = mkdtempSync(join(tmpdir(), 'tbv-alerts-'));
    try {
      writeFileSync(join(scratch, 'alerts.test.yml'), read('alerts.test.yml'));
      for (const rule of RULES.filter((r) => /> (0\.\d+|1)\b/.test(r.expr))) {
        const document = parseYaml(read('alerts.yml')) as { groups: { rules: Rule[] }[] };
        const target = document.groups.flatMap((g) => g.rules).find((r) => r.alert === rule.alert)! as { expr: string };
        target.expr = target.expr.replace(/> (0\.\d+|1)\b/, (_, v: string) => `> ${Number(v) * 10}`);
        writeFileSync(join(scratch, 'alerts.yml'), toYaml(document));
        const result = await promtool(['test', 'rules', 'alerts.test.yml'], scratch);
        expect(result.code, `${rule.alert} with its threshold raised`).not.toBe(0);
        expect(result.output).toContain(rule.alert);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('cover what the proxy must alert on: errors, latency, auth failures, Go unreachable, instance down', () => {
    expect(RULES.map((r) => r.alert).sort()).toEqual(
      ['ToolBridgeAuthFailureSpike', 'ToolBridgeGoApiUnreachable', 'ToolBridgeProxyAbsent', 'ToolBridgeProxyDown', 'ToolBridgeToolErrorRate', 'ToolBridgeToolLatencyHigh'].sort(),
    );
    const latency = RULES.find((r) => r.alert === 'ToolBridgeToolLatencyHigh')!;
    expect(latency.expr).toMatch(/histogram_quantile\(0\.95,[\s\S]*\) > 0\.2\b/);
  });

  it('each alert is tested firing, and says what happened and where the runbook is', () => {
    const runbook = readFileSync(join(REPO_ROOT, 'docs/RUNBOOK-PRODUCTION.md'), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    const fired = new Set(RULE_TESTS.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    for (const rule of RULES) {
      expect(fired.has(rule.alert), `${rule.alert} has a firing test`).toBe(true);
      expect(['page', 'ticket']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      const anchor = /RUNBOOK-PRODUCTION\.md#([a-z0-9-]+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
      expect(anchor && anchors.has(anchor), `${rule.alert}'s runbook anchor #${anchor} exists`).toBe(true);
      for (const name of metricNames(rule.expr)) expect(KNOWN_NAMES.has(name), `${rule.alert} reads ${name}`).toBe(true);
    }
  });

  it('the scrape configuration passes promtool check config and scrapes the metrics port', async (ctx) => {
    const skip = promtoolMissing();
    if (skip) return ctx.skip(skip);
    const result = await promtool(['check', 'config', 'prometheus.yml'], DIR);
    expect(result.code, result.output).toBe(0);
    const config = parseYaml(read('prometheus.yml')) as { scrape_configs: { job_name: string; dns_sd_configs: { port: number }[] }[] };
    const job = config.scrape_configs.find((c) => c.job_name === 'toolbridge-proxy')!;
    expect(job.dns_sd_configs[0]!.port).toBe(9091);
  });
});

describe('Grafana dashboard (deploy/observability/grafana-dashboard.json)', () => {
  const exprs = DASHBOARD.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

  it('is a dashboard with a data source and an app variable, and panels that query through them', () => {
    expect(DASHBOARD).toMatchObject({ uid: 'toolbridge-proxy', title: 'ToolBridge MCP proxy' });
    expect(DASHBOARD.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(DASHBOARD.templating.list.map((v) => v.name)).toEqual(['datasource', 'app']);
    expect(DASHBOARD.panels.length).toBeGreaterThanOrEqual(12);
    for (const panel of DASHBOARD.panels) {
      expect(panel.datasource.uid, panel.title).toBe('${datasource}');
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.expr, panel.title).toContain('app=~"$app"');
    }
  });

  it('lays panels out without overlap inside the 24-column grid', () => {
    const cells = new Set<string>();
    for (const { gridPos: g, title } of DASHBOARD.panels) {
      expect(g.x + g.w, title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('reads only metrics the proxy exposes, and shows every family of the contract', () => {
    const used = new Set(exprs.flatMap(({ expr }) => metricNames(expr)));
    expect([...used].filter((name) => !KNOWN_NAMES.has(name))).toEqual([]);
    const families = new Set([...used].map(familyOf));
    expect(Object.values(PROXY_METRICS).map((f) => f.name).filter((name) => !families.has(name))).toEqual([]);
  });

  it("every query is valid PromQL (promtool check rules on them as recording rules, Grafana's variables filled in)", async (ctx) => {
    const skip = promtoolMissing();
    if (skip) return ctx.skip(skip);
    const scratch = mkdtempSync(join(tmpdir(), 'tbv-dashboard-'));
    try {
      const rules = exprs.map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$app', '.*') }));
      writeFileSync(join(scratch, 'queries.yml'), toYaml({ groups: [{ name: 'dashboard', rules }] }));
      const result = await promtool(['check', 'rules', 'queries.yml'], scratch);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("the proxy's /metrics through Prometheus's own parser", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ database: await sharedDatabase('pglite') });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("passes promtool check metrics after traffic (the Node.js client's own process collectors aside)", async (ctx) => {
    const skip = promtoolMissing();
    if (skip) return ctx.skip(skip);
    const token = await stack.mintToken(uniqueSub('promtool'));
    await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_notes', arguments: {} } }),
    });
    const text = await (await fetch(stack.proxy.metricsUrl!)).text();
    const result = await promtool(['check', 'metrics'], REPO_ROOT, text);
    // exit 3: lint problems only (1 would be a parse error)
    expect([0, 3], result.output).toContain(result.code);
    const problems = result.output.split('\n').filter((line) => line.trim() !== '');
    // prom-client names three gauges with a _total suffix: the library's naming, not the proxy's
    expect(problems.filter((line) => !/^nodejs_active_(handles|requests|resources)_total non-counter/.test(line))).toEqual([]);
  });
});
