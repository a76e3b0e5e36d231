/**
 * The per-entity checks, generated from the entity table: CRUD, LIST, TOMBSTONE, IFMATCH and SYNC for every entity,
 * PARENT for the entities with a parent rule.
 */
import { ENTITIES } from '../../contract/entities.js';
import { catalogue } from '../../framework/checks/define.js';
import { crudCheck } from './entity/crud.js';
import { ifMatchCheck } from './entity/if-match.js';
import { listCheck } from './entity/list.js';
import { parentCheck } from './entity/parent.js';
import { syncCheck } from './entity/sync.js';
import { tombstoneCheck } from './entity/tombstone.js';

export const entityChecks = catalogue(
  ENTITIES.flatMap((entity) => [
    crudCheck(entity),
    listCheck(entity),
    tombstoneCheck(entity),
    ifMatchCheck(entity),
    syncCheck(entity),
    ...(entity.parent ? [parentCheck(entity)] : []),
  ]),
);
