/**
 * Cross-owner access (contract §9.4): user B, with a valid token of its own, aims every operation at user A's items,
 * once through the Go API and once through the proxy's MCP tools. Generated from the entity table and the tool
 * definitions: one check per channel and operation family, each covering all five entities.
 *
 * Why per operation family: owner scoping is implemented per query kind (read by uid, list, and the write path
 * every uid mutation shares), and a defect shows in one family across every entity, not in one entity across
 * every operation. One check per family keeps the catalogue at 14 checks, gives each finding its own severity and
 * remediation line in SARIF, and the failure message names each entity and request that was let through.
 */
import { ENTITIES } from '../../../contract/entities.js';
import { restMethod, restPath } from '../../../contract/routes.js';
import type { CheckContext } from '../../../framework/checks/context.js';
import { catalogue, defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import { toolName } from '../../../contract/tools.js';
import { GoActor, McpActor, type Actor } from './lib/actors.js';
import { newMarker, ownerAndIntruder, seedOrSkip } from '../../shared/arrange.js';
import { CROSS_OWNER, CROSS_TENANT_PROBE, GO_CONTRACT, MCP_IDENTITY, PROXY_GATEWAY } from './lib/meta.js';
import { UID_OPERATIONS, type OperationSpec } from '../../shared/uid-operations.js';
import { changesSince } from '../../shared/owned-items.js';
import { judge, type ProbeResult } from '../../shared/probe-verdict.js';

interface Channel {
  readonly key: 'GO' | 'MCP';
  /** "the Go API" / "MCP tools" */
  readonly via: string;
  readonly requirement: string;
  readonly location: string;
  readonly remediation: string;
  /** how an operation looks on this channel, for titles and expectations */
  describe(spec: OperationSpec): string;
  actor(ctx: CheckContext, user: GoUser, name: string): Promise<Actor>;
}

const SAMPLE = ENTITIES[0]!;
const CHANNELS: readonly Channel[] = [
  {
    key: 'GO',
    via: 'the Go API',
    requirement: `${CROSS_OWNER}; ${CROSS_TENANT_PROBE}`,
    location: GO_CONTRACT,
    remediation:
      "Scope every query by the owner id derived from the verified JWT (WHERE owner_id = $owner AND uid = $uid, on reads and on the write path) and answer 404 when the row belongs to someone else; never look an item up by uid alone.",
    describe: (spec) => `${restMethod(spec.op)} /v1/{entity}${restPath(SAMPLE, spec.op).slice(`/v1/${SAMPLE.path}`.length)}`,
    actor: async (_ctx, user, name) => new GoActor(name, user),
  },
  {
    key: 'MCP',
    via: 'MCP tools',
    requirement: `${CROSS_OWNER}; ${MCP_IDENTITY}; ${CROSS_TENANT_PROBE}`,
    location: PROXY_GATEWAY,
    remediation:
      "Make every Go call of a tool with the calling user's own bearer token and a sync session opened with that token (never a shared token, session or cache entry), and fix owner scoping in the Go API where the matching SEC-ISOLATION-GO check fails too.",
    describe: (spec) => toolName(SAMPLE, spec.op).replace(SAMPLE.toolSingular, '{entity}'),
    actor: async (ctx, user, name) => McpActor.connect(name, await ctx.mcp(user), user),
  },
];

const ENTITY_NAMES = ENTITIES.map((e) => e.plural).join(', ');

function uidOperationCheck(channel: Channel, spec: OperationSpec): CheckDef {
  const request = channel.describe(spec);
  return defineCheck(
    {
      id: `SEC-ISOLATION-${channel.key}-${spec.id}`,
      title: `User B cannot ${spec.verb} user A's items by uid (${channel.via}: ${request})`,
      area: 'security/isolation',
      severity: 'critical',
      requirement: channel.requirement,
      expected: `${request} by user B on each of user A's ${ENTITY_NAMES} is refused with 404 "<entity> not found"${
        channel.key === 'MCP' ? ' (an isError tool result carrying the 404)' : ' (JERR)'
      }, nothing of A's payload comes back, and A's item keeps its version and payload`,
      rationale: spec.writes
        ? `owner scoping is all that separates one user's data from every other user's: a ${spec.verb} that finds items by uid alone lets anyone who learns a uid (links, logs, shared screens) alter or destroy another user's data`
        : "owner scoping is all that separates one user's data from every other user's: a read by uid that ignores the owner discloses any item whose uid is known or guessed",
      security: { score: spec.writes ? 9.1 : 8.6, cwe: 'CWE-639', remediation: channel.remediation, location: channel.location },
    },
    async (ctx) => {
      const { a, b, owned, marker } = await ownerAndIntruder(ctx);
      const intruder = await channel.actor(ctx, b, 'B');
      const probes: ProbeResult[] = [];
      for (const item of owned) {
        const outcome = await intruder.perform(spec, item, `A's ${item.entity.singular}`);
        const leaked = outcome.text.includes(marker);
        const refused = outcome.notFound && !leaked;
        probes.push({
          harmful: outcome.accepted || leaked,
          problem: refused
            ? undefined
            : `${outcome.summary}${leaked ? " and returned A's data" : ''} (expected 404 "${item.entity.singular} not found")`,
        });
      }
      const changes = await changesSince(a, owned);
      const owner = await channel.actor(ctx, a, 'A');
      const controlFailures: string[] = [];
      for (const item of owned) {
        const control = await owner.perform(spec, item, `control: A's own ${item.entity.singular}`);
        if (!control.accepted) controlFailures.push(control.summary);
      }
      judge(ctx, {
        harm: `user B could ${spec.verb} user A's items through ${channel.via}`,
        wrongRefusal: `${channel.via} did not refuse user B's ${spec.verb} of user A's items with 404`,
        probes,
        changes,
        controlFailures,
      });
    },
  );
}

function listCheck(channel: Channel): CheckDef {
  const request = channel.key === 'GO' ? 'GET /v1/{entity}' : 'list_{entities}';
  return defineCheck(
    {
      id: `SEC-ISOLATION-${channel.key}-LIST`,
      title: `User B's lists never include user A's items (${channel.via}: ${request})`,
      area: 'security/isolation',
      severity: 'critical',
      requirement: channel.requirement,
      expected: `every page of user B's ${request} (followed through nextCursor) shows B's own items and none of user A's ${ENTITY_NAMES}`,
      rationale:
        "a list that ignores the owner hands every user's data to anyone with a valid token, without even knowing a uid",
      security: { score: 9.1, cwe: 'CWE-639', remediation: channel.remediation, location: channel.location },
    },
    async (ctx) => {
      const { a, b, owned, marker } = await ownerAndIntruder(ctx);
      const own = await seedOrSkip(ctx, b, 'B', newMarker('B'));
      const intruder = await channel.actor(ctx, b, 'B');
      const probes: ProbeResult[] = [];
      const controlFailures: string[] = [];
      for (const entity of ENTITIES) {
        const listing = await intruder.list(entity);
        if ('failed' in listing) {
          controlFailures.push(listing.failed);
          continue;
        }
        const mine = own.find((o) => o.entity === entity)!;
        if (!listing.uids.includes(mine.uid)) controlFailures.push(`B's own ${entity.singular} ${mine.uid} is missing from B's list`);
        const theirs = owned.filter((o) => o.entity === entity && listing.uids.includes(o.uid));
        const leaked = theirs.length > 0 || listing.text.includes(marker);
        if (leaked) {
          probes.push({
            harmful: true,
            problem: `B's list of ${entity.plural} includes ${theirs.length > 0 ? theirs.map((o) => `A's ${entity.singular} ${o.uid}`).join(', ') : "A's data"}`,
          });
        }
      }
      judge(ctx, {
        harm: `user B's lists show user A's items through ${channel.via}`,
        wrongRefusal: `user B's lists through ${channel.via} are wrong`,
        probes,
        changes: await changesSince(a, owned),
        controlFailures,
      });
    },
  );
}

export const crossOwnerChecks = catalogue(
  CHANNELS.flatMap((channel) => [listCheck(channel), ...UID_OPERATIONS.map((spec) => uidOperationCheck(channel, spec))]),
);
