/**
 * Inputs taken from the stand-in's own tests (stand-ins/go-api/*.test.ts), so that what those tests pin is also
 * what the real API does: malformed and reshaped tokens, odd algorithms, process bodies, decoding quirks.
 */
import { ENTITIES, restPath } from '../../contract/index.js';
import { clientUuid, SESSION_STEP, step, type AuthSpec, type Case } from '../case.js';
import { b64url, encodeJson, signatureOf } from '../../suites/shared/jwt-craft.js';
import { createItem, itemPath, parentSetup, validPayload } from './payloads.js';

const parts = (token: string) => token.split('.') as [string, string, string];
/** Another header over the same claims and signature (so the signature no longer matches, unless alg is ignored). */
const withHeader = (header: unknown) => (token: string) => `${encodeJson(header)}.${parts(token)[1]}.${parts(token)[2]}`;

const RESHAPED: readonly AuthSpec[] = [
  { reshape: 'one segment', from: () => 'abc' },
  { reshape: 'two segments', from: (t) => parts(t).slice(0, 2).join('.') },
  { reshape: 'four segments', from: (t) => `${t}.x` },
  { reshape: 'empty segments', from: () => '..' },
  { reshape: 'header not base64url', from: (t) => `!!!.${parts(t)[1]}.${parts(t)[2]}` },
  { reshape: 'header not JSON', from: (t) => `${b64url('not json')}.${parts(t)[1]}.${parts(t)[2]}` },
  { reshape: 'claims changed after signing', from: (t) => `${parts(t)[0]}.${encodeJson({ sub: 'someone-else' })}.${parts(t)[2]}` },
  { reshape: 'alg switched to HS512 after signing', from: withHeader({ alg: 'HS512', typ: 'JWT' }) },
  ...['none', 'None', 'NONE', 'nOnE', 'HS1024', 'hs256', 'RS', 'HMAC', '', 'XYZ'].map((alg) => ({ reshape: `alg ${JSON.stringify(alg)}`, from: withHeader({ alg, typ: 'JWT' }) })),
  { reshape: 'alg missing', from: withHeader({ typ: 'JWT' }) },
  { reshape: 'alg a number', from: withHeader({ alg: 256, typ: 'JWT' }) },
  { reshape: 'alg null', from: withHeader({ alg: null }) },
  { reshape: 'a padded signature', from: (t) => `${t}=` },
  { reshape: 'an empty signature', from: (t) => t.replace(/[^.]+$/, '') },
  { reshape: 'signature in standard base64', from: (t) => `${parts(t)[0]}.${parts(t)[1]}.${Buffer.from(parts(t)[2], 'base64url').toString('base64')}` },
];

/** HS256 tokens signed with the servers' secret over exactly the claims text given (JSON no signer would write). */
function signedRaw(claimsJson: string): AuthSpec {
  return {
    reshape: `claims ${claimsJson}`,
    from: (_valid, secret) => {
      const input = `${encodeJson({ alg: 'HS256', typ: 'JWT' })}.${b64url(claimsJson)}`;
      return `${input}.${b64url(signatureOf('HS256', { hmac: secret }, input))}`;
    },
  };
}

export function portedCases(): Case[] {
  const notes = ENTITIES[0]!;
  const list = restPath(notes, 'list');
  const cases: Case[] = [
    {
      id: 'ported/reshaped tokens',
      steps: [
        SESSION_STEP,
        ...RESHAPED.map((auth) => step(`list with ${(auth as { reshape: string }).reshape}`, { method: 'GET', path: list, auth })),
        ...['{"sub":', '[{"sub":"x"}]', 'null', '{"sub":"x","n":1e400}', '{"sub":"x","exp":1e400}', '{"sub":"x","exp":null}', '{"sub":"x","exp":"soon"}', '{"sub":"x","nbf":true}'].map((claims) =>
          step(`claims ${claims}`, { method: 'GET', path: list, auth: signedRaw(claims) }),
        ),
      ],
    },
  ];
  for (const entity of ENTITIES) {
    const item = (suffix = '') => itemPath(entity, '{{item}}', suffix);
    const action = Object.keys(entity.processActions)[0]!;
    cases.push({
      id: `ported/${entity.key}/process and decoding`,
      steps: [
        SESSION_STEP,
        ...parentSetup(entity),
        createItem(entity),
        step('process with metadata null', { method: 'POST', path: item('/process'), body: { action, metadata: null } }),
        step('process with metadata a string', { method: 'POST', path: item('/process'), body: { action, metadata: 'x' } }),
        step('process with an out-of-range number in an unknown key', { method: 'POST', path: item('/process'), body: `{"junk":1e400,"action":"${action}"}` }),
        step('process with an out-of-range number in metadata', { method: 'POST', path: item('/process'), body: `{"action":"${action}","metadata":{"n":1e400}}` }),
        step('process reads only the first JSON value', { method: 'POST', path: item('/process'), body: `{"action":"${action}"} {"action":"bogus"} trailing` }),
        step('process with JSON null', { method: 'POST', path: item('/process'), body: 'null' }),
        step('process echoes an escaped action', { method: 'POST', path: item('/process'), body: { action: '<b>&' }, headers: { 'X-Correlation-ID': 'trace-action' } }),
        step('process with the action upper-cased key', { method: 'POST', path: item('/process'), body: `{"ACTION":"${action}"}` }),
        step('process with an action array', { method: 'POST', path: item('/process'), body: `["${action}"]` }),
        step('process with an action string body', { method: 'POST', path: item('/process'), body: `"${action}"` }),
        step('process an unknown uid with broken JSON', { method: 'POST', path: itemPath(entity, clientUuid('no-such'), '/process'), body: '{broken' }),
        step('process an unknown uid with a bad action', { method: 'POST', path: itemPath(entity, clientUuid('no-such'), '/process'), body: { action: 'bogus' } }),
        step('create with lone surrogates, underflow and __proto__', {
          method: 'POST',
          path: restPath(entity, 'create'),
          body: JSON.stringify(validPayload(entity, 'd')).replace(/}$/, ',"title":"a\\ud800b\\udc00","emoji":"\\ud83d\\ude00","tiny":1e-400,"__proto__":{"polluted":true}}'),
          headers: { 'Content-Type': 'text/plain' },
          capture: 'decoded',
        }),
        step('get it back', { method: 'GET', path: itemPath(entity, '{{decoded}}') }),
        step('create with JSON null (a handler panic in Go)', { method: 'POST', path: restPath(entity, 'create'), body: 'null' }),
        step('create with JSON null and trailing bytes', { method: 'POST', path: restPath(entity, 'create'), body: 'null trailing' }),
        step('replace with JSON null', { method: 'PUT', path: item(), body: 'null' }),
        step('patch with JSON null', { method: 'PATCH', path: item(), body: 'null' }),
        step('If-Match on delete is ignored', { method: 'DELETE', path: item(), headers: { 'If-Match': '"999"' } }),
      ],
    });
  }
  return cases;
}
