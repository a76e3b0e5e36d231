/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance): one check per check the suite reports for
 * the scenarios that apply to the proxy, under the suite's own id and specification references, plus one that the
 * pinned suite's scenario list is fully sorted (applicable, or not applicable with the reason).
 */
import { CheckFailure } from '../../framework/model/assert.js';
import { catalogue, defineCheck, type CheckDef } from '../../framework/checks/define.js';
import { CONFORMANCE_CHECK_TIME_LIMIT_MS, conformanceRun, judgeConformanceCheck } from './conformance-run.js';
import { APPLICABLE_SCENARIOS, NOT_APPLICABLE_SCENARIOS, type ConformanceCheckSpec } from './scenarios.js';

const idOf = (check: ConformanceCheckSpec) => `MCPCONF-${check.id.toUpperCase()}`;

function conformanceCheck(scenario: string, check: ConformanceCheckSpec): CheckDef {
  return defineCheck(
    {
      id: idOf(check),
      title: `MCP conformance ${check.id}: ${check.title}`,
      area: 'conformance',
      severity: check.severity,
      requirement: `${check.references.map((r) => r.id).join(', ')} (${check.references[0]!.url}); conformance scenario ${scenario}`,
      expected: `the official MCP conformance suite reports ${check.id} as SUCCESS against the proxy, called with a valid token`,
      transports: ['http'],
      engine: { name: 'mcp-conformance', check: check.id, references: check.references, location: 'proxy/http/mcp-endpoint.ts' },
    },
    (ctx) => judgeConformanceCheck(ctx, scenario, check.id),
    { timeLimitMs: () => CONFORMANCE_CHECK_TIME_LIMIT_MS },
  );
}

const scenariosCheck = defineCheck(
  {
    id: 'MCPCONF-SCENARIOS',
    title: "every server scenario of the pinned conformance suite is run or said not to apply",
    area: 'conformance',
    severity: 'low',
    requirement: 'suites/conformance/scenarios.ts; @modelcontextprotocol/conformance `list --server`',
    expected: 'the suite lists no server scenario this verifier has not sorted (applicable, or not applicable with a reason)',
    transports: ['http'],
    engine: { name: 'mcp-conformance', check: 'list --server', location: 'suites/conformance/scenarios.ts' },
  },
  async (ctx) => {
    const run = await conformanceRun(ctx);
    for (const [scenario, reason] of NOT_APPLICABLE_SCENARIOS) if (run.listed.includes(scenario)) ctx.note(`not applicable: ${scenario}: ${reason}`);
    ctx.metric('scenariosRun', APPLICABLE_SCENARIOS.size);
    ctx.metric('scenariosNotApplicable', [...NOT_APPLICABLE_SCENARIOS.keys()].filter((s) => run.listed.includes(s)).length);
    if (run.listed.length === 0) throw new CheckFailure('the conformance suite listed no server scenarios');
    const unsorted = run.listed.filter((s) => !APPLICABLE_SCENARIOS.has(s) && !NOT_APPLICABLE_SCENARIOS.has(s));
    if (unsorted.length > 0) throw new CheckFailure(`conformance ${run.version} has server scenarios this verifier does not sort: ${unsorted.join(', ')} (add them to suites/conformance/scenarios.ts)`);
    const gone = [...APPLICABLE_SCENARIOS.keys()].filter((s) => !run.listed.includes(s));
    if (gone.length > 0) throw new CheckFailure(`conformance ${run.version} no longer has scenarios this verifier runs: ${gone.join(', ')}`);
  },
  { timeLimitMs: () => CONFORMANCE_CHECK_TIME_LIMIT_MS },
);

export const conformanceChecks: CheckDef[] = catalogue(
  [...APPLICABLE_SCENARIOS].flatMap(([scenario, checks]) => checks.map((check) => conformanceCheck(scenario, check))),
  [scenariosCheck],
);
