/**
 * Contract fuzzing with Schemathesis: one check per Schemathesis check kind, each decided by the findings of that
 * kind in one shared run, plus one check that the run itself looked at the API (every operation tested, requests
 * authenticated, no engine errors). Findings the contract documents as real-API quirks are accepted (warned).
 */
import { CheckFailure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { catalogue, defineCheck, type CheckDef } from '../../framework/checks/define.js';
import type { SecurityFacts, Severity } from '../../framework/model/types.js';
import { judgeFindings } from '../../framework/engines/findings.js';
import { DOCUMENTED_QUIRKS } from './documented-quirks.js';
import { credentialProblems } from './request-log.js';
import { schemathesisCheckTimeLimitMs, schemathesisRun, type SchemathesisRun } from './schemathesis-run.js';

interface Kind {
  /** Schemathesis' name for the check */
  readonly name: string;
  /** the failure codes it reports */
  readonly codes: readonly string[];
  readonly title: string;
  readonly severity: Severity;
  readonly expected: string;
  readonly security?: Omit<SecurityFacts, 'location'>;
}

const KINDS: readonly Kind[] = [
  { name: 'not_a_server_error', codes: ['ST101', 'ST102'], title: 'no request makes the Go API fail with a 5xx', severity: 'high', expected: 'every generated request, valid or not, is answered with a 2xx or a 4xx' },
  { name: 'status_code_conformance', codes: ['ST103'], title: 'every status the Go API answers is documented', severity: 'medium', expected: 'each response status is one the OpenAPI document lists for the operation' },
  { name: 'content_type_conformance', codes: ['ST104', 'ST105', 'ST106'], title: 'responses carry the documented Content-Type', severity: 'low', expected: 'each response with a body says its media type, and it is one the document lists for that status' },
  { name: 'response_headers_conformance', codes: ['ST107'], title: 'responses carry the documented headers', severity: 'low', expected: 'headers the document requires for a status (X-Sync-Epoch, Retry-After, rate-limit headers) are present and valid' },
  { name: 'response_schema_conformance', codes: ['ST108', 'ST109', 'ST110', 'ST111'], title: 'response bodies match their documented schemas', severity: 'medium', expected: 'every JSON body parses and matches the schema documented for its status' },
  { name: 'negative_data_rejection', codes: ['ST201'], title: 'schema-violating requests are rejected', severity: 'medium', expected: 'a request the document says is invalid is answered with a 4xx' },
  { name: 'positive_data_acceptance', codes: ['ST202'], title: 'schema-valid requests are accepted', severity: 'medium', expected: 'a request the document says is valid is answered with a 2xx (or a documented 404 for an unknown id)' },
  { name: 'missing_required_header', codes: ['ST203'], title: 'requests without a required header are rejected', severity: 'medium', expected: 'leaving out X-Sync-Session or X-Sync-Epoch gets a 4xx (428 or 409)' },
  { name: 'unsupported_method', codes: ['ST204'], title: 'undeclared methods get 405 with Allow', severity: 'low', expected: 'a method the path does not declare is answered 405 with an Allow header' },
  { name: 'allow_header_conformance', codes: ['ST205'], title: 'Allow lists the declared methods', severity: 'low', expected: 'an OPTIONS answer (or a 405) lists exactly the methods the document declares for the path' },
  {
    name: 'ignored_auth',
    codes: ['ST401'],
    title: 'operations refuse missing or invalid credentials',
    severity: 'critical',
    expected: 'after a 2xx, the same request without the bearer JWT or with an invalid one is refused with 401',
    security: { score: 9.1, cwe: 'CWE-306', remediation: 'every route but /healthz and /v1/sync/info must run the JWT middleware (contract §4)' },
  },
];

const FUZZ_KIND_CODES: ReadonlyMap<string, string> = new Map(KINDS.flatMap((kind) => kind.codes.map((code) => [code, kind.name] as const)));

const idOf = (kind: Kind) => `FUZZ-${kind.name.toUpperCase()}`;
const REQUIREMENT = 'docs/openapi.json (generated from contract/ by npm run openapi); Schemathesis check';

function kindCheck(kind: Kind): CheckDef {
  return defineCheck(
    {
      id: idOf(kind),
      title: `Schemathesis ${kind.name}: ${kind.title}`,
      area: 'fuzz',
      severity: kind.severity,
      requirement: `${REQUIREMENT} ${kind.name} (${kind.codes.join(', ')})`,
      expected: kind.expected,
      engine: { name: 'schemathesis', check: kind.name, location: 'docs/openapi.json', references: kind.codes.map((code) => ({ id: code, url: `https://schemathesis.readthedocs.io/en/stable/reference/checks/#${kind.name.replace(/_/g, '-')}` })) },
      ...(kind.security ? { security: { ...kind.security, location: 'contract/openapi/document.ts' } } : {}),
    },
    async (ctx) => {
      const run = await schemathesisRun(ctx);
      judgeFindings(ctx, idOf(kind), run.findings.filter((f) => kind.codes.includes(f.code)), DOCUMENTED_QUIRKS);
    },
    { timeLimitMs: schemathesisCheckTimeLimitMs },
  );
}

/** Why a run cannot vouch for the API: it did not reach every operation, was not let in, or broke down. */
function runProblems(run: SchemathesisRun): string[] {
  const problems: string[] = [];
  const expected = new Set(run.selected);
  const untested = [...expected].filter((operation) => !run.operations.includes(operation));
  if (untested.length > 0) problems.push(`${untested.length} of ${expected.size} operations not tested (${untested.slice(0, 5).join(', ')}${untested.length > 5 ? ', …' : ''})`);
  problems.push(...credentialProblems(run.secured, run.answers));
  const unknown = [...new Set(run.findings.map((f) => f.code).filter((code) => !FUZZ_KIND_CODES.has(code)))];
  if (unknown.length > 0) problems.push(`findings of codes no fuzz check reports: ${unknown.join(', ')}`);
  return problems;
}

const runCheck = defineCheck(
  {
    id: 'FUZZ-SCHEMATHESIS-RUN',
    title: 'the Schemathesis run covered every operation of the Go API, authenticated',
    area: 'fuzz',
    severity: 'high',
    requirement: `${REQUIREMENT}s run in one bounded session (docs/ci-gating.md)`,
    expected: 'every operation of the document is tested with valid credentials, a live session and epoch, within the time bound, without engine errors',
    engine: { name: 'schemathesis', check: 'run', location: 'docs/openapi.json' },
  },
  async (ctx: CheckContext) => {
    const run = await schemathesisRun(ctx);
    ctx.metric('operationsTested', run.operations.length);
    if (run.generated !== undefined) ctx.metric('testCases', run.generated);
    ctx.metric('requestsWithCredentials', [...run.answers.values()].reduce((sum, answer) => sum + answer.credentialed, 0));
    ctx.note(`command: ${run.command}`);
    for (const warning of run.warnings) ctx.note(`Schemathesis warning: ${warning}`);
    const problems = runProblems(run);
    if (problems.length > 0) throw new CheckFailure(problems.join('; '));
    if (run.errors.length > 0) {
      for (const error of run.errors) ctx.note(`engine error at ${error.where}: ${error.text}`);
      ctx.warn(`Schemathesis reported ${run.errors.length} engine error${run.errors.length === 1 ? '' : 's'} (not findings about the API): ${[...new Set(run.errors.map((e) => e.where))].slice(0, 4).join(', ')}`);
    }
  },
  { timeLimitMs: schemathesisCheckTimeLimitMs },
);

export const fuzzChecks: CheckDef[] = catalogue([runCheck], KINDS.map(kindCheck));
