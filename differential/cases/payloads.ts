/** Valid payloads and parent set-up for each entity, from the contract's entity table. */
import { ENTITIES, entityByKey, restPath, type EntityDef } from '../../contract/index.js';
import { step, type Step } from '../case.js';

export { ENTITIES };

/** A payload the API accepts on create: every create field filled; a child points at `{{parent}}`. */
export function validPayload(entity: EntityDef, tag = 'x'): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of entity.createFields) {
    if (field.type === 'string') payload[field.key] = `${field.param} ${tag}`;
    else if (field.type === 'string[]') payload[field.key] = [`${tag}-1`, `${tag}-2`];
    else if (field.type === 'boolean') payload[field.key] = false;
    else payload[field.key] = '{{parent}}';
  }
  if (entity.parent?.kind === 'polymorphic') payload[entity.parent.typeField] = Object.keys(entity.parent.types)[0];
  return payload;
}

/** Creates the parent a child entity needs (captured as `parent`); nothing for top-level entities. */
export function parentSetup(entity: EntityDef): Step[] {
  if (!entity.parent) return [];
  const parentKey = entity.parent.kind === 'polymorphic' ? Object.values(entity.parent.types)[0]! : entity.parent.parent;
  const parent = entityByKey(parentKey);
  return [step(`create the parent ${parent.singular}`, { method: 'POST', path: restPath(parent, 'create'), body: validPayload(parent, 'parent'), capture: 'parent' })];
}

/** Opens nothing: creates one item of the entity (after its parent), captured as `item`. */
export function createItem(entity: EntityDef, tag = 'x', capture = 'item'): Step {
  return step(`create a ${entity.singular}`, { method: 'POST', path: restPath(entity, 'create'), body: validPayload(entity, tag), capture });
}

export function itemPath(entity: EntityDef, uid: string, suffix = ''): string {
  return `/v1/${entity.path}/${uid}${suffix}`;
}
