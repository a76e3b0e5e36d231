/**
 * Tells every case to both servers in lockstep (step k goes to A and B together, each with its own captured ids)
 * and compares each pair of answers after normalisation.
 */
import { HEADERS, ROUTES, signTenant } from '../contract/index.js';
import type { AuthSpec, Case, RequestSpec, TenantSpec } from './case.js';
import { compareResponses, type Difference } from './compare.js';
import { send, sendWire, type RawRequest, type RawResponse } from './exchange.js';
import { Namer, normaliseResponse, type NormalisedResponse } from './normalise.js';
import { mintToken, type TokenKeys } from './tokens.js';

export interface Secrets extends TokenKeys {
  readonly tenantId: string;
  readonly tenantSecret: string;
}

export interface StepResult {
  readonly caseId: string;
  readonly step: number;
  readonly label: string;
  /** `METHOD /route/pattern` from the contract's route table, or `unrouted` */
  readonly route: string;
  readonly request: { readonly method: string; readonly path: string; readonly body?: string };
  readonly a: NormalisedResponse | { readonly error: string };
  readonly b: NormalisedResponse | { readonly error: string };
  readonly differences: readonly Difference[];
}

interface Side {
  readonly baseUrl: string;
  readonly namer: Namer;
  readonly vars: Map<string, string>;
  session: { id: string; epoch: number } | undefined;
  readonly namedSessions: Map<string, { id: string; epoch: number }>;
}

const ROUTE_MATCHERS = ROUTES.map((route) => ({
  key: `${route.method} ${route.path}`,
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The route a request lands on, by the contract's table (any method on a known path counts for that path). */
export function routeOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const exact = ROUTE_MATCHERS.find((r) => r.method === method && r.pattern.test(bare));
  if (exact) return exact.key;
  const samePath = ROUTE_MATCHERS.find((r) => r.pattern.test(bare));
  return samePath ? `${method} ${samePath.key.split(' ')[1]}` : 'unrouted';
}

function fill(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{(\w+)(\|upper)?\}\}/g, (_, name: string, upper: string | undefined) => {
    const value = vars.get(name) ?? `missing-${name}`;
    return upper ? value.toUpperCase() : value;
  });
}

async function authorization(spec: AuthSpec, sub: string, secrets: Secrets): Promise<string | undefined> {
  if (spec === 'none') return undefined;
  if (typeof spec === 'object' && 'reshape' in spec) return `Bearer ${spec.from(mintToken('valid', sub, secrets), secrets.jwtSecret)}`;
  if (typeof spec === 'object') return spec.raw.includes('{{token}}') ? spec.raw.replace('{{token}}', mintToken('valid', sub, secrets)) : spec.raw;
  return `Bearer ${mintToken(spec, sub, secrets)}`;
}

function signatureSpelling(signature: string, spec: { readonly signatureCase?: 'upper'; readonly signaturePrefix?: string }): string {
  return `${spec.signaturePrefix ?? ''}${spec.signatureCase === 'upper' ? signature.toUpperCase() : signature}`;
}

function tenantHeaders(spec: TenantSpec, secrets: Secrets): Record<string, string> {
  if (spec === 'none') return {};
  const custom = spec === 'signed' ? {} : spec;
  const id = custom.id ?? secrets.tenantId;
  const timestamp =
    custom.timestamp === undefined ? String(Date.now()) : typeof custom.timestamp === 'number' ? String(Date.now() + custom.timestamp) : custom.timestamp.raw;
  const headers: Record<string, string> = {
    [HEADERS.tenantId]: id,
    [HEADERS.tenantTimestamp]: timestamp,
    [HEADERS.tenantSignature]: custom.signature ?? signatureSpelling(signTenant(id, timestamp, secrets.tenantSecret), custom),
  };
  const names = { id: HEADERS.tenantId, timestamp: HEADERS.tenantTimestamp, signature: HEADERS.tenantSignature } as const;
  for (const omitted of custom.omit ?? []) delete headers[names[omitted]];
  return headers;
}

function wireBytes(wire: string, side: Side, sub: string, secrets: Secrets): string {
  const tenant = Object.entries(tenantHeaders('signed', secrets)).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const session = side.session ? `${HEADERS.syncSession}: ${side.session.id}\r\n${HEADERS.syncEpoch}: ${side.session.epoch}\r\n` : '';
  const filled = wire
    .replace('{{token}}', () => mintToken('valid', sub, secrets))
    .replace('{{tenant}}', () => tenant)
    .replace('{{session-headers}}', () => session);
  return fill(filled, side.vars);
}

async function build(spec: RequestSpec, side: Side, sub: string, secrets: Secrets): Promise<RawRequest> {
  if (spec.wire !== undefined) return { method: spec.method, path: spec.path, headers: {}, wire: wireBytes(spec.wire, side, sub, secrets) };
  const headers: Record<string, string | readonly string[]> = {};
  const auth = await authorization(spec.auth ?? 'valid', sub, secrets);
  if (auth !== undefined) headers.Authorization = auth;
  Object.assign(headers, tenantHeaders(spec.tenant ?? 'signed', secrets));
  const session = spec.session ?? 'open';
  if (session === 'open' && side.session) {
    headers[HEADERS.syncSession] = side.session.id;
    headers[HEADERS.syncEpoch] = String(side.session.epoch);
  } else if (typeof session === 'object' && 'named' in session) {
    const named = side.namedSessions.get(session.named);
    if (named) {
      headers[HEADERS.syncSession] = named.id;
      headers[HEADERS.syncEpoch] = String(named.epoch);
    }
  } else if (typeof session === 'object') {
    const id = session.id === undefined ? side.session?.id : session.id;
    const epoch = session.epoch === undefined ? (side.session ? String(side.session.epoch) : null) : session.epoch;
    if (id != null) headers[HEADERS.syncSession] = fill(id, side.vars);
    if (epoch != null) headers[HEADERS.syncEpoch] = epoch;
  }
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = fill(typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body), side.vars);
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    const fillHeader = (text: string) => fill(text, side.vars).replace('{{token}}', () => mintToken('valid', sub, secrets));
    headers[name] = typeof value === 'string' ? fillHeader(value) : value.map(fillHeader);
  }
  return { method: spec.method, path: fill(spec.path, side.vars), headers, body };
}

function capture(spec: RequestSpec, response: RawResponse, side: Side): void {
  if (!spec.capture && !spec.opensSession) return;
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return;
  }
  if (spec.opensSession && response.status === 201 && typeof json.id === 'string' && typeof json.epoch === 'number') {
    const opened = { id: json.id, epoch: json.epoch };
    if (typeof spec.opensSession === 'string') side.namedSessions.set(spec.opensSession, opened);
    else side.session = opened;
  }
  if (!spec.capture) return;
  const [name, value] = typeof spec.capture === 'string' ? [spec.capture, json.uid ?? json.id] : [spec.capture.name, json[spec.capture.field]];
  if (typeof value === 'string') side.vars.set(name, value);
}

async function exchange(side: Side, raw: RawRequest, spec: RequestSpec): Promise<NormalisedResponse | { error: string }> {
  side.namer.see(`${raw.path} ${raw.body ?? ''}`);
  try {
    const response = raw.wire !== undefined ? await sendWire(side.baseUrl, raw.wire) : await send(side.baseUrl, raw);
    const sent = Object.entries(raw.headers).find(([name]) => name.toLowerCase() === 'x-correlation-id')?.[1];
    const sentCorrelation = typeof sent === 'string' ? sent : sent?.[0];
    const normalised = normaliseResponse(response, side.namer, sentCorrelation);
    capture(spec, response, side);
    return normalised;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function runCase(testCase: Case, sub: string, baseUrls: readonly [string, string], secrets: Secrets): Promise<StepResult[]> {
  const sides: [Side, Side] = baseUrls.map((baseUrl) => ({ baseUrl, namer: new Namer(), vars: new Map(), session: undefined, namedSessions: new Map() })) as [Side, Side];
  const results: StepResult[] = [];
  for (const [index, { label, request }] of testCase.steps.entries()) {
    const [rawA, rawB] = await Promise.all(sides.map((side) => build(request, side, sub, secrets)));
    const [a, b] = await Promise.all([exchange(sides[0], rawA!, request), exchange(sides[1], rawB!, request)]);
    const differences: Difference[] =
      'error' in a || 'error' in b
        ? 'error' in a && 'error' in b
          ? []
          : [{ where: 'transport', a: 'error' in a ? a.error : a.status, b: 'error' in b ? b.error : b.status }]
        : compareResponses(a, b);
    results.push({
      caseId: testCase.id,
      step: index,
      label,
      route: routeOf(rawA!.method, rawA!.path),
      request: { method: rawA!.method, path: request.path, ...(rawA!.body !== undefined ? { body: rawA!.body.slice(0, 300) } : {}) },
      a,
      b,
      differences,
    });
  }
  return results;
}

/** Runs cases with bounded concurrency; each case gets its own JWT subject (the same on both sides). */
export async function runCases(
  cases: readonly Case[],
  baseUrls: readonly [string, string],
  secrets: Secrets,
  options: { readonly runId: string; readonly concurrency: number; readonly onCase?: (done: number) => void },
): Promise<StepResult[]> {
  const results: StepResult[][] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(cases[index]!, `diff-${options.runId}-${index}`, baseUrls, secrets);
      options.onCase?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return results.flat();
}
