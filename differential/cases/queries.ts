/** Query strings of the list and pull routes (limit, cursor, includeDeleted), over a few items, one of them deleted. */
import { ENTITIES, restPath } from '../../contract/index.js';
import { SESSION_STEP, step, type Case } from '../case.js';
import { createItem, itemPath, parentSetup } from './payloads.js';

const base64url = (text: string) => Buffer.from(text).toString('base64url');

const QUERIES: readonly string[] = [
  '',
  '?',
  '?limit=1',
  '?limit=2',
  '?limit=0',
  '?limit=-1',
  '?limit=abc',
  '?limit=1.5',
  '?limit=1e1',
  '?limit=+1',
  '?limit=%201',
  '?limit=1000',
  '?limit=1001',
  '?limit=99999999999999999999',
  '?limit=1&limit=3',
  '?LIMIT=1',
  '?cursor=',
  '?cursor=garbage',
  `?cursor=${base64url('0|00000000-0000-0000-0000-000000000000')}`,
  `?cursor=${base64url('9999999999999|ffffffff-ffff-ffff-ffff-ffffffffffff')}`,
  `?cursor=${base64url('abc|00000000-0000-0000-0000-000000000000')}`,
  `?cursor=${base64url('1|not-a-uuid')}`,
  `?cursor=${base64url('1|2|3')}`,
  `?cursor=${Buffer.from('0|00000000-0000-0000-0000-000000000000').toString('base64')}`,
  '?includeDeleted=true',
  '?includeDeleted=TRUE',
  '?includeDeleted=1',
  '?includeDeleted=false',
  '?includeDeleted',
  '?includeDeleted=true&limit=1',
  '?includedeleted=true',
  '?limit=1&cursor=garbage',
  '?unknown=1',
];

export function queryCases(): Case[] {
  return ENTITIES.flatMap((entity) => {
    const setup = [
      SESSION_STEP,
      ...parentSetup(entity),
      createItem(entity, 'one', 'one'),
      createItem(entity, 'two', 'two'),
      createItem(entity, 'three', 'three'),
      step('delete the second item', { method: 'DELETE', path: itemPath(entity, '{{two}}') }),
    ];
    const routes = [
      { name: 'list', path: restPath(entity, 'list') },
      { name: 'pull', path: `/v1/sync/${entity.path}/pull` },
    ];
    return routes.map(({ name, path }) => ({
      id: `queries/${entity.key}/${name}`,
      steps: [
        ...setup,
        ...QUERIES.map((query) => step(`${name} ${query || '(no query)'}`, { method: 'GET', path: `${path}${query}` })),
      ],
    }));
  });
}
