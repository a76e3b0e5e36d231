/**
 * GOAPI-<ENTITY>-PARENT (comments, chat messages): the parent rules of the entity table — the parent must exist,
 * belong to the caller and be alive; violations are 500 on REST and ack errors on push (contract §9.2, §10, §16.6).
 */
import { randomUUID } from 'node:crypto';
import { ENTITIES, type EntityDef, type ParentRule } from '../../../contract/entities.js';
import { formatMs } from '../../../contract/formats.js';
import { ACK, ERR } from '../../../contract/messages.js';
import { AliveItem, DeleteSummary, PushAcks } from '../../../contract/schemas.js';
import { defineCheck, type CheckDef } from '../../../framework/checks/define.js';
import { userWithSession } from '../lib/call.js';
import { EntityClient } from '../lib/entity-client.js';
import { expectSameJson } from '../../shared/json.js';
import { capitalized, entityCheckId, parentKinds, sampleFields, seedItem, type ParentKind } from '../lib/samples.js';

const PUSHED_AT = formatMs(Date.UTC(2024, 0, 15, 12, 0, 0, 0));

interface BrokenLink {
  readonly why: string;
  readonly link: Readonly<Record<string, unknown>>;
  readonly ackError: string;
  /** the item's fields could not be extracted: the ack carries uid "", version 0 (else it echoes the item) */
  readonly unextractable: boolean;
}

/** A parent type the rule does not allow, e.g. "chat" for comments (offered by the upstream tool description). */
function unlistedType(rule: Extract<ParentRule, { kind: 'polymorphic' }>, entity: EntityDef): string {
  return ENTITIES.map((e) => e.singular).find((name) => !Object.hasOwn(rule.types, name) && name !== entity.singular) ?? 'unknown';
}

/** Every way to break the link of `entity`, derived from its parent rule. */
function brokenLinks(entity: EntityDef, kind: ParentKind, liveUid: string, foreignUid: string): BrokenLink[] {
  const rule = entity.parent!;
  const unknownUid = randomUUID();
  const missing = (uid: string) => ACK.parentNotFound(kind.parent.singular, uid);
  const absentParents: BrokenLink[] = [
    { why: 'an unknown parent', link: kind.link(unknownUid), ackError: missing(unknownUid), unextractable: false },
    { why: "another owner's parent", link: kind.link(foreignUid), ackError: missing(foreignUid), unextractable: false },
  ];
  if (rule.kind === 'fixed') {
    return [
      { why: 'no parent link', link: {}, ackError: ACK.missingChatUid, unextractable: true },
      { why: 'a parent uid that is not a UUID', link: kind.link('not-a-uuid'), ackError: ACK.invalidChatUid('not-a-uuid'), unextractable: true },
      ...absentParents,
    ];
  }
  const badType = unlistedType(rule, entity);
  return [
    { why: 'no parent link', link: {}, ackError: ACK.missingParentType, unextractable: true },
    { why: 'a parent type without parent uid', link: { [rule.typeField]: kind.typeName }, ackError: ACK.missingParentUid, unextractable: true },
    { why: 'a parent uid that is not a UUID', link: kind.link('not-a-uuid'), ackError: ACK.invalidParentUid, unextractable: true },
    {
      why: `parent type "${badType}"`,
      link: { [rule.typeField]: badType, [rule.uidField]: liveUid },
      ackError: ACK.invalidParentType(badType),
      unextractable: false,
    },
    ...absentParents,
  ];
}

export function parentCheck(entity: EntityDef): CheckDef {
  const kinds = parentKinds(entity);
  const parentNames = kinds.map((k) => k.parent.singular).join(' or ');
  return defineCheck(
    {
      id: entityCheckId(entity, 'PARENT'),
      title: `${capitalized(entity.plural)}: the parent ${parentNames} must exist, be the caller's and be alive`,
      area: 'go-api',
      severity: 'high',
      requirement: 'contract §9.2 (parent rules), §10 (push ack errors), §16.6',
      expected: `a ${entity.singular} linked to a missing, foreign, deleted or malformed parent is refused with JERR 500 "failed to <op> ${entity.singular}" (not 400) on every non-delete REST mutation and with the documented ack error on push; DELETE still works`,
    },
    async (ctx) => {
      const owner = await userWithSession(ctx, 'parent');
      const stranger = await userWithSession(ctx, 'parent-other');
      const api = new EntityClient(owner, entity);
      const create = (link: Readonly<Record<string, unknown>>, marker: string) => api.create({ ...sampleFields(entity, marker), ...link });

      // Every allowed kind of parent works while it is alive.
      const parents = [];
      for (const kind of kinds) {
        const parent = (await seedItem(owner, kind.parent, { marker: `parent ${kind.typeName ?? ''}` })).item;
        const child = (await create(kind.link(parent.uid), `child of a ${kind.parent.singular}`)).succeeded(AliveItem);
        parents.push({ kind, parent, child });
      }
      const { kind, parent, child } = parents[0]!;
      const foreign = (await seedItem(stranger, kind.parent, { marker: "another owner's parent" })).item;

      // REST: every broken link is a 500, never a 400.
      const broken = brokenLinks(entity, kind, parent.uid, foreign.uid);
      for (const { why, link } of broken) (await create(link, why)).jerr(500, ERR.failedTo('create', entity));

      // Push: the same rules as ack errors; a tombstone skips only the existence check.
      const items = broken.map(({ link }) => ({ ...sampleFields(entity, 'pushed'), ...link, uid: randomUUID(), updatedTs: PUSHED_AT }));
      const tombstone = { ...sampleFields(entity, 'pushed tombstone'), ...kind.link(randomUUID()), uid: randomUUID(), updatedTs: PUSHED_AT, sync: { isDeleted: true } };
      const acks = (await api.push({ items: [...items, tombstone] })).json(200, PushAcks);
      const expectedAcks = [
        ...broken.map((b, i) =>
          b.unextractable
            ? { uid: '', version: 0, updatedAt: '', error: b.ackError }
            : { uid: items[i]!.uid, version: 1, updatedAt: PUSHED_AT, error: b.ackError },
        ),
        { uid: tombstone.uid, version: 1, updatedAt: PUSHED_AT },
      ];
      expectSameJson(acks, expectedAcks, `push acks for ${broken.map((b) => b.why).join(', ')}, and a tombstone of an unknown parent`);

      // Updates must keep a valid link.
      (await api.replace(child.uid, sampleFields(entity, 'unlinked'))).jerr(500, ERR.failedTo('update', entity));
      (await api.patch(child.uid, kind.link(randomUUID()))).jerr(500, ERR.failedTo('patch', entity));

      // Once the parent is deleted, only DELETE of the child still works.
      (await new EntityClient(owner, kind.parent).remove(parent.uid)).json(200, DeleteSummary);
      (await api.archive(child.uid)).jerr(500, ERR.failedTo('archive', entity));
      const [action = ''] = Object.keys(entity.processActions);
      (await api.process(child.uid, { action })).jerr(500, ERR.failedTo('process', entity));
      (await api.patch(child.uid, { edited: true })).jerr(500, ERR.failedTo('patch', entity));
      (await create(kind.link(parent.uid), 'child of a deleted parent')).jerr(500, ERR.failedTo('create', entity));
      (await api.remove(child.uid)).json(200, DeleteSummary);
    },
  );
}
