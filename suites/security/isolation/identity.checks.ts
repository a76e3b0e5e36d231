/**
 * Tool calls act as their caller (contract §15.2): each MCP call reaches the Go API with the calling user's own token,
 * so what A creates through MCP is A's, and B's MCP calls cannot see it. A proxy that sends one configured token for
 * everyone (the upstream proxy with TOOLBRIDGE_JWT_TOKEN set, contract §15.1 and §16.3) merges every MCP caller into
 * one Go user: the cross-owner checks then cannot even arrange their controls, and this check names why.
 */
import { ENTITIES } from '../../../contract/entities.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { createArgs } from '../../../fixtures/clients/sample-args.js';
import { itemPath } from '../../shared/go-direct.js';
import { SurfaceCaller } from '../../shared/tool-surface.js';
import { newMarker, userWithSession } from '../../shared/arrange.js';
import { CROSS_OWNER, MCP_IDENTITY, PROXY_GATEWAY } from './lib/meta.js';
import { snippet } from '../../shared/text.js';

const ROOT = ENTITIES.find((e) => !e.parent)!;

export const identityChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-ISOLATION-MCP-IDENTITY',
      title: 'MCP tool calls act as the calling user, never as a shared identity',
      area: 'security/isolation',
      severity: 'critical',
      requirement: `${MCP_IDENTITY}; ${CROSS_OWNER}; contract §15.1 and §16.3 (TOOLBRIDGE_JWT_TOKEN: one token for every caller)`,
      expected: `a ${ROOT.singular} user A creates through MCP belongs to A (A reads it through the Go API with A's own token), and user B's MCP read of it is refused with 404`,
      rationale:
        "a proxy that calls the Go API with a token of its own instead of the caller's turns every MCP user into the same Go user: each reads, changes and deletes everyone else's data, and nothing in the Go API can tell them apart",
      security: {
        score: 9.1,
        cwe: 'CWE-639',
        remediation:
          "Forward each caller's own verified bearer token (and a sync session opened with it) on every Go call; never configure a shared service token for the MCP endpoint.",
        location: PROXY_GATEWAY,
      },
    },
    async (ctx) => {
      const a = await userWithSession(ctx, 'identity-a', 'A');
      const b = await userWithSession(ctx, 'identity-b', 'B');
      const marker = newMarker('A');
      const asA = await SurfaceCaller.learn(await ctx.mcp(a));
      const created = await asA.call(ROOT, 'create', createArgs(ROOT, undefined, marker), `A: create a ${ROOT.singular} through MCP`);
      const uid = (created.structured as { uid?: unknown } | undefined)?.uid;
      if (created.isError || typeof uid !== 'string') return ctx.skip(`untestable: A's create through MCP did not return an item (${snippet(created.text)})`);
      const problems: string[] = [];
      const mine = await a.request('GET', itemPath(ROOT, uid), { label: `A: GET the ${ROOT.singular} A created, through the Go API` });
      if (mine.status !== 200) {
        problems.push(`the ${ROOT.singular} A created through MCP is not A's: A's own Go API read of ${uid} answered ${mine.status} ${snippet(mine.text)}`);
      }
      const asB = await SurfaceCaller.learn(await ctx.mcp(b));
      const theirs = await asB.call(ROOT, 'get', { uid }, `B: read A's ${ROOT.singular} through MCP`);
      if (!theirs.isError || theirs.text.includes(marker)) {
        problems.push(`B's MCP read of A's ${ROOT.singular} ${uid} succeeded${theirs.text.includes(marker) ? " and returned A's data" : ''}`);
      }
      if (problems.length === 0) return;
      const direct = await b.request('GET', itemPath(ROOT, uid), { label: `B: GET A's ${ROOT.singular} through the Go API` });
      const cause =
        direct.status === 200
          ? "B's direct Go API read succeeds too: the Go API does not scope by owner (SEC-ISOLATION-GO-GET)"
          : 'the proxy merges users (a shared token, session or cache entry)';
      throw new CheckFailure(`MCP tool calls do not keep callers apart, ${cause}: ${problems.join('; ')}`);
    },
  ),
]);
