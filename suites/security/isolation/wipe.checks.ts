/**
 * A wipe is the most destructive call of the API (a hard delete, contract §11): user B's wipe must remove B's data
 * only, leaving user A's items, list, session and epoch exactly as they were.
 */
import { z } from 'zod';
import { ENTITIES } from '../../../contract/entities.js';
import { restPath } from '../../../contract/routes.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { GoUser } from '../../../framework/clients/go-user.js';
import { newMarker, ownerAndIntruder, seedOrSkip } from '../../shared/arrange.js';
import { GO_CONTRACT, WIPE } from './lib/meta.js';
import { changesSince, type OwnedItem } from '../../shared/owned-items.js';
import { safeJson, snippet } from '../../shared/text.js';
import { judge } from '../../shared/probe-verdict.js';

const State = z.looseObject({ epoch: z.number() });

async function epochOf(user: GoUser, label: string): Promise<number | string> {
  const response = await user.request('GET', '/v1/sync/state', { label });
  const parsed = response.status === 200 ? State.safeParse(safeJson(response.text)) : undefined;
  return parsed?.success ? parsed.data.epoch : `GET /v1/sync/state answered ${response.status} ${snippet(response.text)}`;
}

/** Items of `owned` missing from the owner's lists. */
async function missingFromLists(a: GoUser, owned: readonly OwnedItem[]): Promise<string[]> {
  const missing: string[] = [];
  for (const entity of ENTITIES) {
    const response = await a.request('GET', restPath(entity, 'list'), { query: { limit: '1000' }, label: `A lists its ${entity.plural}` });
    const listed = response.status === 200 ? ((safeJson(response.text) as { items?: { uid?: unknown }[] } | undefined)?.items ?? []) : [];
    const uids = new Set(listed.map((i) => i.uid));
    for (const item of owned.filter((o) => o.entity === entity && !uids.has(o.uid))) {
      missing.push(`A's ${entity.singular} ${item.uid} is missing from A's list (GET ${restPath(entity, 'list')} answered ${response.status})`);
    }
  }
  return missing;
}

export const wipeChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-ISOLATION-WIPE',
      title: "User B's wipe leaves user A's data whole",
      area: 'security/isolation',
      severity: 'critical',
      requirement: `${WIPE}; all data scoping uses owner_id (contract §13)`,
      expected:
        "POST /v1/sync/wipe by user B answers 200 and deletes B's rows only: afterwards A reads every item with its version and payload, lists them all, and A's session and epoch are unchanged",
      rationale:
        'the wipe is a hard delete with no tombstones and no undo; one that is not scoped to the caller erases every user of the deployment',
      security: {
        score: 9.6,
        cwe: 'CWE-639',
        remediation:
          "Delete with WHERE owner_id = $caller in every wipe statement (inside the wipe's transaction) and remove only the caller's sessions; cover it with a two-user test.",
        location: GO_CONTRACT,
      },
    },
    async (ctx) => {
      const { a, b, owned } = await ownerAndIntruder(ctx);
      await seedOrSkip(ctx, b, 'B', newMarker('B'));
      const epochBefore = await epochOf(a, "A's epoch before B's wipe");
      const wipe = await b.request('POST', '/v1/sync/wipe', { body: { confirm: 'WIPE' }, label: 'B wipes its own data' });
      // B's wipe ended B's sessions; the cleanup opens a new one
      b.session = undefined;
      // A's session first: reading the items would replace a session the wipe ended
      const epochAfter = await epochOf(a, "A's epoch after B's wipe");
      const changes = epochAfter === epochBefore ? [] : [`A's sync state went from epoch ${JSON.stringify(epochBefore)} to ${JSON.stringify(epochAfter)}`];
      changes.push(...(await changesSince(a, owned)), ...(await missingFromLists(a, owned)));
      judge(ctx, {
        harm: "user B's wipe changed user A's data",
        wrongRefusal: "user B's wipe changed user A's data",
        probes: [],
        changes,
        controlFailures: wipe.status === 200 ? [] : [`B's own wipe answered ${wipe.status} ${snippet(wipe.text)}`],
      });
    },
  ),
]);
