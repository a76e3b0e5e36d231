/** Every path of the route table (and a few it does not have) with every method, on a live session. */
import { ENTITIES, ROUTES } from '../../contract/index.js';
import { SESSION_STEP, step, type Case } from '../case.js';
import { createItem, parentSetup } from './payloads.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'] as const;

const EXTRA_PATHS = [
  '/',
  '/v1',
  '/v1/',
  '/v1/notes/',
  '/v1/sync',
  '/v1/sync/',
  '/v1/sync/notes',
  '/v1/sync/notes/push/',
  '/v1/sync/sessions/',
  '/v1/notes/{{item}}/',
  '/v1/notes/{{item}}/unknown',
  '/v1/unknown',
  '/healthz/',
  '/HEALTHZ',
  '/v1/NOTES',
  '//v1/notes',
  '/v1//notes',
  '/v1/./notes',
  '/v1/tasks/../notes',
  '/v1/notes%2f{{item}}',
  '/v1/sync/info?x=1',
] as const;

function concrete(path: string): string {
  return path.replace('{uid}', '{{item}}').replace('{id}', '{{session}}');
}

export function methodCases(): Case[] {
  const notes = ENTITIES[0]!;
  const paths = [...new Set([...ROUTES.map((route) => concrete(route.path)), ...EXTRA_PATHS])];
  return paths.map((path) => {
    const entity = ENTITIES.find((e) => path.startsWith(`/v1/${e.path}/`) || path === `/v1/${e.path}`) ?? notes;
    return {
      id: `methods${path}`,
      steps: [
        { ...SESSION_STEP, request: { ...SESSION_STEP.request, capture: 'session' } },
        ...parentSetup(entity),
        createItem(entity),
        ...METHODS.map((method) =>
          step(`${method} ${path}`, {
            method,
            path,
            ...(['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {}),
          }),
        ),
      ],
    };
  });
}
