/**
 * JWT probes (security/jwt): one probe table × two sides. Every probe is sent to the proxy's MCP endpoint and to the
 * Go API directly, after a valid control token has been accepted; a secure target answers 401 to each variant,
 * never 2xx or 5xx, with a Bearer challenge on the proxy and without reflecting the token.
 */
import { catalogue, defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import type { ProbeSpec } from './lib/probe.js';
import { runProbe } from './lib/run-probe.js';
import { SIDES, type Side } from './lib/sides.js';
import { PROBES } from './probes/index.js';

const CHECKLIST = 'checks-reference §2';

const REFUSAL: Readonly<Record<Side['key'], string>> = {
  PROXY: '401 with `WWW-Authenticate: Bearer resource_metadata="…"` (plus error="invalid_token" when a token was presented), never 2xx or 5xx, the token never reflected',
  GO: 'TEXT 401 `unauthorized` (contract §4), never 2xx or 5xx, the token never reflected',
};

export const jwtCheckId = (side: Side, probe: ProbeSpec): string => `SEC-JWT-${side.key}-${probe.name}`;

function requirement(side: Side, probe: ProbeSpec): string {
  const references = probe.references ? `; ${probe.references}` : '';
  return side.key === 'GO' ? `contract §4; ${CHECKLIST} ${probe.checklist}${references}` : `${CHECKLIST} ${probe.checklist}${references}`;
}

function expected(side: Side, probe: ProbeSpec): string {
  const what = typeof probe.expected === 'string' ? probe.expected : probe.expected[side.key];
  return `${what}. Each refusal: ${REFUSAL[side.key]}`;
}

function checkFor(side: Side, probe: ProbeSpec): CheckDef {
  return defineCheck(
    {
      id: jwtCheckId(side, probe),
      title: `${side.key === 'PROXY' ? 'Proxy' : 'Go API'}: ${probe.title}`,
      area: 'security/jwt',
      severity: probe.severity,
      requirement: requirement(side, probe),
      expected: expected(side, probe),
      rationale: probe.rationale,
      security: {
        score: probe.score,
        cwe: probe.cwe,
        remediation: probe.remediation[side.key],
        location: probe.location?.[side.key] ?? side.location,
      },
      ...(probe.posture?.[side.key] ? { posture: true } : {}),
    },
    (ctx) => runProbe(ctx, side, probe),
  );
}

export const jwtChecks: CheckDef[] = catalogue(SIDES.flatMap((side) => PROBES.map((probe) => checkFor(side, probe))));
