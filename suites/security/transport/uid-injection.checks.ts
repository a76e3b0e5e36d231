/**
 * Path injection through tool arguments (contract §15.3: upstream pasted `uid` into the Go URL): every tool that
 * takes a uid, generated from the tool definitions, is called with uids that would leave their route. Each must be
 * refused by the proxy's own argument validation, before any Go request; the caller's seeded data and sync state
 * must be exactly as before, which shows that nothing reached the Go API.
 */
import { ENTITIES } from '../../../contract/entities.js';
import { restPath } from '../../../contract/routes.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import type { McpSession } from '../../../framework/clients/mcp-session.js';
import { toolName } from '../../../contract/tools.js';
import { newMarker, seedOrSkip, userWithSession } from '../../shared/arrange.js';
import { UID_OPERATIONS } from '../../shared/uid-operations.js';
import { changesSince, type OwnedItem } from '../../shared/owned-items.js';
import { safeJson, snippet } from '../../shared/text.js';
import { goStatusOf } from '../../shared/tool-status.js';
import { judge, type ProbeResult } from '../../shared/probe-verdict.js';
import { PROXY_TOOLS } from './lib/meta.js';

/** uids that climb out of `/v1/{entity}/{uid}`: to the wipe route, URL-encoded, to a sub-route, with a query. */
export function injectedUids(uid: string): string[] {
  return ['../sync/wipe', '%2e%2e%2fsync%2fwipe', `${uid}/archive`, `${uid}?x=1`];
}

/** What the user's account looks like: sync epoch and every listed uid per entity. */
async function accountState(user: GoUser, label: string): Promise<string> {
  const state = await user.request('GET', '/v1/sync/state', { label: `${label}: sync state` });
  const lists: string[] = [];
  for (const entity of ENTITIES) {
    const response = await user.request('GET', restPath(entity, 'list'), { query: { limit: '1000' }, label: `${label}: ${entity.plural}` });
    const items = (safeJson(response.text) as { items?: { uid?: unknown; version?: unknown }[] } | undefined)?.items ?? [];
    lists.push(`${entity.plural} ${response.status} [${items.map((i) => `${String(i.uid)}@${String(i.version)}`).sort().join(',')}]`);
  }
  const epoch = (safeJson(state.text) as { epoch?: unknown } | undefined)?.epoch;
  return `epoch ${state.status === 200 ? String(epoch) : `(state answered ${state.status})`}; ${lists.join('; ')}`;
}

/** The valid control: each entity's get tool with the real uid succeeds. */
async function controls(owned: readonly OwnedItem[], session: McpSession): Promise<string[]> {
  const failures: string[] = [];
  for (const item of owned) {
    const tool = toolName(item.entity, 'get');
    const outcome = await session.call(tool, { uid: item.uid }, `control: ${tool} with the real uid`);
    if (outcome.isError) failures.push(`${tool} {uid: ${item.uid}} returned ${snippet(outcome.text)}`);
  }
  return failures;
}

export const uidInjectionChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-UID-INJECTION',
      title: 'Tool uids that would leave their route (../sync/wipe, encoded, sub-route, query) are refused before any Go request',
      area: 'security/transport',
      severity: 'high',
      requirement: 'contract §15.3 ("The proxy does not validate uid … can reach other Go routes"); issue #5 (MCP transport probes)',
      expected:
        'every get/update/patch/delete/archive/process tool called with uid ../sync/wipe, %2e%2e%2fsync%2fwipe, <uuid>/archive or <uuid>?x=1 returns the proxy\'s own isError "Invalid arguments … uid …" with no Go status, and the caller\'s items, lists and sync epoch are unchanged',
      rationale:
        "a uid comes from the model, and the model reads attacker-controlled text: a uid pasted into the Go URL path turns one tool into any route the caller's token may call, up to the hard-deleting wipe",
      security: {
        score: 8.1,
        cwe: 'CWE-22',
        remediation:
          'Validate every uid argument as a UUID (8-4-4-4-12 hex) in the tool input schema and build Go paths with encodeURIComponent from validated values only.',
        location: PROXY_TOOLS,
      },
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'transport-uid', 'the caller');
      const owned = await seedOrSkip(ctx, user, 'the caller', newMarker('caller'));
      const before = await accountState(user, 'before');
      const session = await ctx.mcp(user);
      const controlFailures = await controls(owned, session);
      const probes: ProbeResult[] = [];
      for (const item of owned) {
        for (const spec of UID_OPERATIONS) {
          const tool = toolName(item.entity, spec.op);
          for (const uid of injectedUids(item.uid)) {
            const outcome = await session.call(tool, spec.toolArgs({ ...item, uid }, 'a path-injection probe'), `${tool} with uid ${uid}`);
            const goStatus = goStatusOf(outcome);
            const ownRefusal = outcome.isError && goStatus === undefined && /Invalid arguments/i.test(outcome.text) && /\buid\b/.test(outcome.text);
            if (ownRefusal) {
              probes.push({ harmful: false });
              continue;
            }
            const answer = !outcome.isError
              ? `succeeded: ${snippet(outcome.text)}`
              : goStatus !== undefined
                ? `reached the Go API (answered ${goStatus}): ${snippet(outcome.text)}`
                : `returned ${snippet(outcome.text)}, not the proxy's argument error for uid`;
            probes.push({ harmful: !outcome.isError || goStatus !== undefined, problem: `${tool} {uid: ${JSON.stringify(uid)}} ${answer}` });
          }
        }
      }
      const after = await accountState(user, 'after');
      const changes = await changesSince(user, owned, 'the caller');
      if (after !== before) changes.push(`the caller's account changed: before ${before}; after ${after}`);
      judge(ctx, {
        harm: 'uids that leave their route reached the Go API',
        wrongRefusal: "uids that leave their route were not refused with the proxy's argument error",
        probes,
        changes,
        controlFailures,
      });
    },
  ),
]);
