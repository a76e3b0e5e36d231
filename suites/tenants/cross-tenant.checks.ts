/**
 * Isolation between two tenants' apps (a target file with several tenants): each check runs against one tenant
 * (`ctx.target`) and probes the other (`peer`). Not in the catalogue of single-target suites: `verify` runs them for
 * every ordered pair of reachable tenants and writes them into the tenants' index.
 */
import { ENTITIES } from '../../contract/entities.js';
import { createArgs } from '../../fixtures/clients/sample-args.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { RunContext } from '../../framework/checks/context.js';
import { defineCheck, type CheckDef } from '../../framework/checks/define.js';
import { rpc } from '../../framework/clients/mcp-raw.js';
import { ensure } from '../../framework/model/assert.js';
import { materializeTarget } from '../../framework/target/target.js';
import { mcpEndpointOf, type TargetSpec } from '../../framework/target/spec.js';
import { SurfaceCaller } from '../shared/tool-surface.js';

/** Two tenants whose tokens cannot be told apart: the same key, issuer and audience. */
function sameTokens(a: TargetSpec, b: TargetSpec): boolean {
  const key = (spec: TargetSpec) => (spec.jwt.kind === 'hs256' ? `hs256:${spec.jwt.secret}` : `rs256:${spec.jwt.privateKeyPem}`);
  return key(a) === key(b) && a.issuer === b.issuer && a.audience === b.audience;
}

/** Runs `probe` with a context on the peer tenant, cleaned up (its users wiped) afterwards. */
async function onPeer<T>(ctx: CheckContext, peer: TargetSpec, probe: (peerCtx: RunContext) => Promise<T>): Promise<T> {
  const peerCtx = new RunContext(materializeTarget(peer), ctx.settings);
  try {
    return await probe(peerCtx);
  } finally {
    const problems = await peerCtx.cleanup();
    if (problems.length > 0) ctx.note(`cleanup on ${peer.name}: ${problems.join('; ')}`);
  }
}

/** The probes against `peer`; their descriptions do not depend on it (the docs list them with any peer). */
export function crossTenantChecks(peer: TargetSpec): CheckDef[] {
  return [
    defineCheck(
      {
        id: 'SEC-TENANT-CROSS-TOKEN',
        title: "A tenant's token is refused by another tenant's proxy",
        area: 'security/isolation',
        severity: 'critical',
        requirement: "issue #16: isolation between two tenants' apps",
        expected: "a token minted for one tenant gets 401 from the other tenant's MCP endpoint",
        rationale: "a caller of one tenant who can use another tenant's proxy acts there as a user of that tenant",
        security: {
          score: 8.1,
          cwe: 'CWE-285',
          remediation: "Give each tenant its own token audience (TOOLBRIDGE_JWT_AUDIENCE) or its own key, so a tenant's proxy refuses the tokens of every other tenant.",
          location: 'proxy/auth/verify-token.ts',
        },
      },
      async (ctx) => {
        if (sameTokens(ctx.target, peer)) {
          ctx.skip(`untestable: ${ctx.target.name} and ${peer.name} trust the same tokens (same key, issuer and audience): nothing tells one tenant's token from the other's. Give each tenant its own audience or key`);
        }
        const user = await ctx.user('cross-tenant-token');
        const endpoint = mcpEndpointOf(peer);
        const response = await ctx.http({
          method: 'POST',
          url: endpoint.url,
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: rpc('tools/list'),
          label: `${ctx.target.name}'s token at ${peer.name}'s MCP endpoint`,
        });
        ensure(
          response.status === 401,
          `${peer.name}'s proxy answered ${response.status} to a token minted for ${ctx.target.name}: a caller of one tenant is accepted by the other (it must check the token's key, issuer or audience)`,
        );
      },
    ),
    defineCheck(
      {
        id: 'SEC-TENANT-CROSS-DATA',
        title: "A tenant's data is not visible through another tenant's proxy",
        area: 'security/isolation',
        severity: 'critical',
        requirement: "issue #16: isolation between two tenants' apps",
        expected: 'a note one subject creates through one tenant is neither listed nor readable by the same subject through the other',
        rationale: 'the Go API scopes data by the token subject alone (contract §16, item 4): tenants sharing a Go API share every user’s data',
        security: {
          score: 8.6,
          cwe: 'CWE-639',
          remediation: 'Give each tenant its own Go API and database (npm run tenant -- new <id> plans one), or scope every Go query by tenant as well as by owner.',
          location: 'deploy/tenants/tenant.ts',
        },
      },
      async (ctx) => {
        const entity = ENTITIES[0]!;
        const owner = await ctx.user('cross-tenant-data');
        const created = await (await SurfaceCaller.learn(await ctx.mcp(owner))).ok<{ uid: string }>(entity, 'create', createArgs(entity, undefined, `cross-tenant ${ctx.target.runId}`));
        const leak = await onPeer(ctx, peer, async (peerCtx) => {
          // the same subject, with a token the peer tenant issues: what a person registered with both would hold
          const twin = await peerCtx.user('cross-tenant-data', undefined, owner.sub);
          const caller = await SurfaceCaller.learn(await peerCtx.mcp(twin));
          const listed = await caller.ok<{ items: { uid: string }[] }>(entity, 'list', { limit: 1000 });
          if (listed.items.some((item) => item.uid === created.uid)) return 'lists it';
          const read = await caller.call(entity, 'get', { uid: created.uid });
          return read.isError ? undefined : 'reads it by uid';
        });
        ensure(
          leak === undefined,
          `${peer.name} ${leak} — a ${entity.singular} created through ${ctx.target.name}: the two tenants share one Go API (data is scoped by subject only), so anyone registered with both reads the other tenant's data`,
        );
      },
    ),
  ];
}
