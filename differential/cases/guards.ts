/**
 * The guards in front of every route (contract §4–§6), each varied on its own: the bearer token, the tenant
 * headers, the session and the epoch.
 */
import { ROUTES, type RouteDef } from '../../contract/index.js';
import { SESSION_STEP, step, type AuthSpec, type Case, type SessionSpec, type Step, type TenantSpec } from '../case.js';
import { createItem, parentSetup } from './payloads.js';

const AUTH_VARIANTS: readonly AuthSpec[] = [
  'none',
  { raw: '' },
  { raw: 'Bearer' },
  { raw: 'Bearer ' },
  { raw: 'Bearer garbage' },
  { raw: 'bearer {{token}}' },
  { raw: 'BEARER {{token}}' },
  { raw: 'Bearer  {{token}}' },
  { raw: 'Bearer {{token}} ' },
  { raw: 'Bearer {{token}}x' },
  { raw: 'Basic dXNlcjpwYXNz' },
  'expired',
  'no-exp',
  'no-sub',
  'empty-sub',
  'numeric-sub',
  'wrong-secret',
  'alg-none',
  'hs384',
  'hs512',
  'not-yet-valid',
];

const TENANT_VARIANTS: readonly TenantSpec[] = [
  'none',
  { omit: ['id'] },
  { omit: ['timestamp'] },
  { omit: ['signature'] },
  { timestamp: 310_000 },
  { timestamp: -310_000 },
  { timestamp: 240_000 },
  { timestamp: -240_000 },
  { timestamp: { raw: 'abc' } },
  { timestamp: { raw: '1.7e12' } },
  { timestamp: { raw: ` ${Date.now()}` } },
  { timestamp: { raw: String(Math.floor(Date.now() / 1000)) } },
  { timestamp: { raw: '99999999999999999999' } },
  { timestamp: { raw: '-1' } },
  { signature: 'deadbeef' },
  { signature: '' },
  { id: 'another-tenant' },
  { id: 'tenant-ü-∑' },
  { id: 'x'.repeat(2000) },
];

const SESSION_VARIANTS: readonly SessionSpec[] = [
  'none',
  { id: 'not-a-session' },
  { id: '00000000-0000-0000-0000-000000000000' },
  { id: '' },
  { epoch: null },
  ...['', '0', '1', '2', '01', '+1', ' 1', '1 ', '1.0', '0x1', 'abc', '-1', '99999999999999999999', '-99999999999999999999', '9223372036854775807', '9223372036854775808'].map(
    (epoch) => ({ epoch }),
  ),
];

function concretePath(route: RouteDef): string {
  return route.path.replace('{uid}', '{{item}}').replace('{id}', '{{session}}');
}

function requestFor(route: RouteDef): { method: string; path: string; body?: unknown } {
  const body = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' ? (route.name === 'wipe' ? { confirm: 'nope' } : route.name === 'process' ? { action: 'nope' } : {}) : undefined;
  return { method: route.method, path: concretePath(route), ...(body !== undefined ? { body } : {}) };
}

function describe(variant: unknown): string {
  return typeof variant === 'string' ? variant : JSON.stringify(variant).slice(0, 80);
}

export function guardCases(): Case[] {
  return ROUTES.map((route) => {
    const base = requestFor(route);
    const variants: Step[] = [
      ...(route.flags.auth ? AUTH_VARIANTS.map((auth) => step(`auth ${describe(auth)}`, { ...base, auth })) : []),
      ...(route.flags.tenant ? TENANT_VARIANTS.map((tenant) => step(`tenant ${describe(tenant)}`, { ...base, tenant })) : []),
      ...(route.flags.session ? SESSION_VARIANTS.map((session) => step(`session ${describe(session)}`, { ...base, session })) : []),
      step('a session from another user', { ...base, auth: 'other-user' }),
      step(`valid ${route.method} ${route.path}`, base),
    ];
    return {
      id: `guards/${route.method} ${route.path}`,
      steps: [
        { ...SESSION_STEP, request: { ...SESSION_STEP.request, capture: 'session' } },
        ...(route.entity ? [...parentSetup(route.entity), createItem(route.entity)] : []),
        ...variants,
      ],
    };
  });
}
