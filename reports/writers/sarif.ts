/**
 * `security.sarif`: the security checks, and the checks third-party engines decided (tool extensions name the
 * engines and their versions), as SARIF 2.1.0 for GitHub code scanning. One rule per such check that
 * ran (description, help, CWE tags, `security-severity`); one result per finding (failed → error, warned → warning),
 * located at the repository file that governs the behaviour (or, for a proxy not built from this repository, at the
 * deployment's MCP endpoint), with a fingerprint stable across runs.
 */
import { createHash } from 'node:crypto';
import type { Location, Log, ReportingDescriptor, Result, ToolComponent } from 'sarif';
import type { Severity } from '../../framework/model/types.js';
import { PROXY_SERVICE_NAME as OUR_PROXY } from '../../contract/service.js';
import type { ReportedCheck, VerificationReport } from '../model.js';
import type { ReportWriter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/toolbridge/toolbridge-verify/blob/main/docs/security-checks.md';

type SecurityCheck = ReportedCheck & { readonly security: NonNullable<ReportedCheck['security']> };

/** A check's SARIF score where it has no security facts (an engine's conformance check). */
const SEVERITY_SCORE: Record<Severity, number> = { critical: 9.0, high: 7.5, medium: 5.0, low: 3.0, info: 1.0 };

const DEFAULT_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * The checks SARIF carries: every security check, and every check a third-party engine decided (their rules are
 * the engine's checks). An engine check without security facts gets a score from its severity, no CWE, and is
 * located at the file that states what the engine holds the target to.
 */
function sarifCheck(check: ReportedCheck): SecurityCheck | undefined {
  if (check.security) return check as SecurityCheck;
  if (!check.engine) return undefined;
  return {
    ...check,
    security: {
      score: SEVERITY_SCORE[check.severity],
      cwe: '',
      remediation: check.expected ?? check.title,
      location: check.engine.location,
    },
  };
}

/** GitHub links `external/cwe/cwe-<n>` tags to the CWE entry. */
function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

function rule(check: SecurityCheck): ReportingDescriptor {
  const { security } = check;
  const expected = check.expected ? ` A secure target: ${check.expected}.` : '';
  const why = check.rationale ? ` ${check.rationale}` : '';
  const cwe = security.cwe ? ` · ${security.cwe}` : '';
  const engine = check.engine;
  return {
    id: check.id,
    // an engine's check keeps the engine's name for it (ignored_auth, localhost-host-rebinding-rejected …)
    name: engine ? engine.check : check.id.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: `${check.title}.${expected}${why}`.replace(/\.\./g, '.') },
    help: {
      text: `${security.remediation}\nRequirement: ${check.requirement}.${security.cwe ? ` ${security.cwe}.` : ''}`,
      markdown: `**Remediation.** ${security.remediation}\n\n**Why it matters.** ${check.rationale ?? check.title}\n\n**Requirement.** ${check.requirement}${cwe}`,
    },
    helpUri: `${INFORMATION_URI}#${check.id.toLowerCase()}`,
    defaultConfiguration: { level: DEFAULT_LEVEL[check.severity] },
    properties: {
      tags: [
        // GitHub reads security-severity only on rules tagged "security"
        'security',
        check.area,
        ...(security.cwe ? [security.cwe, cweTag(security.cwe)] : []),
        ...(engine ? [`engine:${engine.name}`] : []),
      ],
      'security-severity': security.score.toFixed(1),
      precision: 'high',
      'problem.severity': check.severity === 'critical' || check.severity === 'high' ? 'error' : 'warning',
      ...(engine ? { engine: engine.name, engineCheck: engine.check, ...(engine.references ? { references: engine.references } : {}) } : {}),
    },
  };
}

/** The engines that decided checks of this run, with the versions that ran, as SARIF tool extensions. */
function extensions(checks: readonly SecurityCheck[]): ToolComponent[] {
  const engines = new Map<string, Set<string>>();
  for (const check of checks) {
    if (!check.engine) continue;
    const versions = engines.get(check.engine.name) ?? new Set<string>();
    if (check.engineVersion) versions.add(check.engineVersion);
    engines.set(check.engine.name, versions);
  }
  return [...engines].map(([name, versions]) => ({ name, ...(versions.size > 0 ? { version: [...versions].join(', ') } : {}) }));
}

function fingerprint(check: SecurityCheck, report: VerificationReport): string {
  return createHash('sha256').update(`${check.id}|${new URL(report.target.mcpUrl).host}`).digest('hex').slice(0, 32);
}


/** The uriBaseId of locations at the deployment (resolved through the run's originalUriBaseIds). */
const DEPLOYMENT = 'DEPLOYMENT';

/** The serverInfo of a proxy not built from this repository, when that is what answered. */
function foreignServer(report: VerificationReport): { name: string; version: string } | undefined {
  const server = report.target.mcp?.server;
  return server && server.name !== OUR_PROXY ? server : undefined;
}

/**
 * Where a finding is: the repository file that governs it, or, for a finding about a proxy not built from this
 * repository (its serverInfo names another server), the deployment's MCP endpoint, since our source files say
 * nothing about someone else's code: a path relative to the DEPLOYMENT base (the endpoint's origin, in the run's
 * originalUriBaseIds) plus the full URL as a logical location; the file of our proxy that does it right is then a
 * related location.
 */
function locations(check: SecurityCheck, report: VerificationReport): Pick<Result, 'locations' | 'relatedLocations'> {
  const file: Location = { physicalLocation: { artifactLocation: { uri: check.security.location }, region: { startLine: 1 } }, message: { text: 'governs this behaviour' } };
  const server = foreignServer(report);
  if (!server || !check.security.location.startsWith('proxy/')) return { locations: [file] };
  const endpoint = new URL(report.target.mcp!.url);
  return {
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: endpoint.pathname.replace(/^\/+/, '') || 'mcp-endpoint', uriBaseId: DEPLOYMENT }, region: { startLine: 1 } },
        logicalLocations: [{ kind: 'resource', fullyQualifiedName: endpoint.toString() }],
        message: { text: `observed at the deployment: ${server.name} ${server.version}, a proxy not built from this repository` },
      },
    ],
    relatedLocations: [{ id: 1, ...file, message: { text: "where this repository's proxy implements the expected behaviour" } }],
  };
}

function result(check: SecurityCheck, ruleIndex: number, report: VerificationReport): Result {
  const finding = check.message ?? check.title;
  const posture =
    check.status !== 'warned' ? '' : check.posture ? ' (a documented posture finding; gate it with the policy file)' : ' (warning; gate it with the policy file)';
  return {
    ruleId: check.id,
    ruleIndex,
    kind: 'fail',
    level: check.status === 'failed' ? 'error' : 'warning',
    message: {
      text: `${check.title}: ${finding}${posture}. Target ${report.target.mcpUrl}.${check.expected ? ` Expected: ${check.expected}.` : ''}`,
    },
    ...locations(check, report),
    partialFingerprints: { 'toolbridgeFinding/v1': fingerprint(check, report) },
    properties: {
      target: report.target.mcpUrl,
      status: check.status,
      gate: check.gate,
      severity: check.severity,
      ...(check.security.cwe ? { cwe: check.security.cwe } : {}),
      ...(check.engine ? { engine: check.engine.name, engineCheck: check.engine.check, ...(check.engineVersion ? { engineVersion: check.engineVersion } : {}) } : {}),
      evidence: check.evidence.slice(0, 5).map((e) =>
        e.kind === 'http'
          ? `${e.request.method} ${e.request.url} → ${e.response ? e.response.status : (e.error ?? 'no answer')}`
          : e.kind === 'mcp'
            ? `tools/call ${e.tool} → ${e.isError ? 'isError' : 'ok'}`
            : e.text,
      ),
    },
  };
}

export function renderSarif(report: VerificationReport): string {
  const checks = report.checks.map(sarifCheck).filter((check): check is SecurityCheck => check !== undefined);
  const engines = extensions(checks);
  const indexOf = new Map(checks.map((check, index) => [check.id, index]));
  const findings = checks.filter((check) => check.status === 'failed' || check.status === 'warned');
  const sarif: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: checks.map(rule),
          },
          ...(engines.length > 0 ? { extensions: engines } : {}),
        },
        automationDetails: { id: `toolbridge-verify/${report.target.name}/` },
        invocations: [
          { executionSuccessful: true, startTimeUtc: report.timing.startedAt, endTimeUtc: report.timing.finishedAt },
        ],
        results: findings.map((check) => result(check, indexOf.get(check.id)!, report)),
        ...(foreignServer(report) ? { originalUriBaseIds: { [DEPLOYMENT]: { uri: `${new URL(report.target.mcp!.url).origin}/`, description: { text: 'the deployment verified' } } } } : {}),
        properties: { runId: report.runId, verdict: report.verdict, target: report.target.mcpUrl },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export const sarifWriter: ReportWriter = { id: 'sarif', fileName: 'security.sarif', render: renderSarif };
