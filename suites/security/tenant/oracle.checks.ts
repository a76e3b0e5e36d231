/**
 * No oracle (contract §5 "Failure (any reason)"): a missing header, a malformed timestamp, a stale timestamp and a
 * bad signature must all get the same answer, so a caller cannot learn which part of its forgery is wrong.
 */
import { HEADERS } from '../../../contract/messages.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { freshSet, randomHexSecret, signedSet, timestampProbe, without, type Signer, type TenantProbe } from '../../shared/tenant-headers.js';
import { CONTRACT_TENANT, GO_TENANT_CONTRACT, HMAC_CHECKLIST } from '../../shared/tenant-meta.js';
import { TENANT_REJECTION, describeAnswer, isAccepted, requireControl, sendProbe } from '../../shared/tenant-probe.js';

const STALE_MS = 3_600_000;

/** One probe per failure cause the Go middleware distinguishes internally. */
function causes(signer: Signer, nowMs: number): Record<string, TenantProbe> {
  const ts = String(nowMs);
  return {
    missing: {
      label: 'missing header (X-TB-Signature left out)',
      headers: without(freshSet(signer, nowMs), HEADERS.tenantSignature, 'omitted'),
      crafted: 'missing header: X-TB-Signature left out, the other two fresh',
    },
    malformed: timestampProbe(signer, 'malformed timestamp', 'not-a-timestamp'),
    stale: timestampProbe(signer, 'stale timestamp (one hour old)', String(nowMs - STALE_MS)),
    signature: {
      label: 'bad signature (another secret)',
      headers: signedSet(signer.tenantId, ts, randomHexSecret()),
      crafted: `bad signature: fresh timestamp ${ts}, X-TB-Signature = HMAC-SHA256 of ${JSON.stringify(`${signer.tenantId}:${ts}`)} under a random secret`,
    },
  };
}

/** What must be identical across causes: status, content type and body. */
const fingerprint = (r: HttpExchange) => JSON.stringify([r.status, r.header('content-type') ?? null, r.text]);

export const oracleChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TENANT-NO-ORACLE',
      title: 'Every tenant-header failure gets the same answer (no oracle)',
      area: 'security/tenant',
      severity: 'medium',
      requirement: `${CONTRACT_TENANT}: "Failure (any reason): TEXT 401 Unauthorized: invalid tenant headers"; ${HMAC_CHECKLIST} test 9`,
      expected: `missing, malformed, stale and badly signed header sets all get one identical refusal (real API: ${TENANT_REJECTION.status}, text/plain; charset=utf-8, ${JSON.stringify(TENANT_REJECTION.body)})`,
      rationale:
        'distinct answers tell an attacker which part of a forged header set is wrong (format, clock or key), turning the refusal into an oracle that guides the forgery',
      security: {
        score: 4.3,
        cwe: 'CWE-204',
        remediation:
          'Answer every tenant-header failure with one fixed status, content type and body, and keep the specific reason in the server log only.',
        location: GO_TENANT_CONTRACT,
      },
    },
    async (ctx) => {
      const user = await ctx.user('sec-tenant-no-oracle');
      await requireControl(ctx, user);
      const answers: [string, HttpExchange][] = [];
      for (const [cause, probe] of Object.entries(causes(ctx.target, Date.now()))) answers.push([cause, await sendProbe(ctx, user, probe)]);
      const accepted = answers.filter(([, r]) => isAccepted(r));
      if (accepted.length > 0) {
        throw new CheckFailure(
          `a bad header set was ACCEPTED, so the answers differ by cause: ${accepted.map(([cause, r]) => `${cause} → ${r.status}`).join('; ')}`,
        );
      }
      const distinct = new Map<string, string[]>();
      for (const [cause, r] of answers) distinct.set(fingerprint(r), [...(distinct.get(fingerprint(r)) ?? []), cause]);
      ctx.metric('distinctAnswers', distinct.size);
      const first = answers[0]![1];
      ctx.metric('sameAsContract', first.status === TENANT_REJECTION.status && first.text === TENANT_REJECTION.body);
      if (distinct.size > 1) {
        const groups = [...distinct.values()].map((group) => {
          const r = answers.find(([cause]) => cause === group[0])![1];
          return `${group.join(' + ')} → ${describeAnswer(r)}`;
        });
        throw new CheckFailure(`the refusal tells the causes apart (${distinct.size} different answers): ${groups.join('; ')}`);
      }
    },
  ),
]);
