/**
 * Posture finding (contract §9.2, §16.6): a comment or chat message with a missing, unknown or non-existent parent is
 * refused with 500 "failed to create|patch <entity>", not a 4xx. Warned by default; failed when the target is worse:
 * it stores the invalid item (2xx), or its 5xx tells the caller the internal reason.
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES, parentFields, type EntityDef } from '../../../contract/entities.js';
import { ERR } from '../../../contract/messages.js';
import { restPath } from '../../../contract/routes.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import { createArgs, expectedCreatedPayload } from '../../../fixtures/clients/sample-args.js';
import { newMarker, seedOrSkip, userWithSession } from '../../shared/arrange.js';
import { itemPath } from '../../shared/go-direct.js';
import type { OwnedItem } from '../../shared/owned-items.js';
import { isSuccess, jsonError, snippet } from '../../shared/text.js';
import { GO_CONTRACT } from './lib/meta.js';

interface InvalidWrite {
  readonly what: string;
  readonly method: 'POST' | 'PATCH';
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** the documented 500 text */
  readonly documented: string;
}

/** Internal reasons the Go API only logs (contract §9.2), and the marks of stack traces and SQL errors. */
const INTERNAL_DETAIL = /goroutine|panic|\.go:\d+|\bsql\b|pq:|violates|constraint|not found: [0-9a-f-]{36}|missing (parentType|parentUid|chatUid)|invalid parent_?type|invalid chatUid/i;

/** Invalid parent links for one child entity, from its parent rule; `owned` gives real items to point at. */
function invalidWrites(entity: EntityDef, owned: readonly OwnedItem[], marker: string): InvalidWrite[] {
  const rule = entity.parent;
  if (!rule) return [];
  const links = new Set(parentFields(entity));
  const fields = Object.fromEntries(
    Object.entries(expectedCreatedPayload(entity, createArgs(entity, randomUUID(), marker))).filter(([key]) => !links.has(key)),
  );
  const create = (what: string, link: Record<string, unknown>): InvalidWrite => ({
    what,
    method: 'POST',
    path: restPath(entity, 'create'),
    body: { ...fields, ...link },
    documented: ERR.failedTo('create', entity),
  });
  const mine = owned.find((o) => o.entity === entity)!;
  const writes = [create('without a parent link', {})];
  if (rule.kind === 'polymorphic') {
    const [firstType] = Object.keys(rule.types);
    const stranger = ENTITIES.find((e) => e !== entity && !(e.toolSingular in rule.types))!;
    const strangerItem = owned.find((o) => o.entity === stranger)!;
    writes.push(
      create(`with parent type "${stranger.toolSingular}" (not allowed)`, { [rule.typeField]: stranger.toolSingular, [rule.uidField]: strangerItem.uid }),
      create('with a parent that does not exist', { [rule.typeField]: firstType, [rule.uidField]: randomUUID() }),
    );
  } else {
    writes.push(create('with a parent that does not exist', { [rule.uidField]: randomUUID() }));
  }
  writes.push({
    what: 'patched to a parent that does not exist',
    method: 'PATCH',
    path: itemPath(entity, mine.uid),
    body: { [rule.uidField]: randomUUID() },
    documented: ERR.failedTo('patch', entity),
  });
  return writes;
}

export const validationChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-VALIDATION-500',
      title: 'Parent-rule violations come back as 500, not 400 (comments, chat messages)',
      area: 'security/transport',
      severity: 'low',
      posture: true,
      requirement: 'contract §9.2 (parent rules: JERR 500 "failed to create|patch <entity>"), §16.6',
      expected:
        "a secure target answers a comment or chat message with a missing, disallowed or non-existent parent with a 4xx naming the problem; the documented API answers 500 (reported as a posture finding); no target may store the item (2xx) or put internal reasons, SQL or stack traces in the 5xx",
      rationale:
        'a 500 for bad input hides client errors among server faults (alerting, retries, error budgets) and invites clients to retry what can never succeed; storing the item would leave children pointing at nothing',
      security: {
        score: 3.1,
        cwe: 'CWE-703',
        remediation:
          'Check parent fields before the write and answer 400 (missing or malformed link, disallowed type) or 404/422 (parent not found) with the reason; keep 500 for real server faults.',
        location: GO_CONTRACT,
      },
    },
    async (ctx) => {
      const user = await userWithSession(ctx, 'transport-validation', 'the caller');
      // the valid control: children with real parents are created (and serve as the PATCH targets)
      const owned = await seedOrSkip(ctx, user, 'the caller', newMarker('caller'));
      const problems: string[] = [];
      const documented: string[] = [];
      for (const entity of ENTITIES) {
        for (const write of invalidWrites(entity, owned, 'validation probe')) {
          const response = await user.request(write.method, write.path, { body: write.body, label: `${entity.singular} ${write.what}` });
          const answer = `${write.method} ${write.path} (${entity.singular} ${write.what}) → ${response.status} ${snippet(response.text)}`;
          if (isSuccess(response.status)) problems.push(`${answer}: the invalid ${entity.singular} was stored`);
          else if (response.status >= 500 && INTERNAL_DETAIL.test(response.text)) problems.push(`${answer}: the error discloses internal detail`);
          else if (response.status >= 500) documented.push(`${answer}${jsonError(response.text) === write.documented ? '' : ' (not the documented body)'}`);
        }
      }
      if (problems.length > 0) throw new CheckFailure(`invalid parent links are handled worse than documented: ${problems.join('; ')}`);
      if (documented.length > 0) ctx.warn(`validation errors come back as 5xx, not 4xx: ${documented.join('; ')}`);
    },
  ),
]);
