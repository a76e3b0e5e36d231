/**
 * The load scenario, shared by the k6 scripts (load/k6/) and the built-in runner (load/runner/): what a virtual user
 * does, the exact requests it sends (MCP tool calls through the proxy, or the same operations against the Go API
 * directly), and how each answer is judged.
 *
 * Pure TypeScript: no Node and no k6 imports, and no runtime imports at all (k6 loads `.ts` files as they are named,
 * Node resolves `.js` specifiers; a module imported by both may only import types). The entity table in contract/
 * is not imported for the same reason; scenario.test.ts proves every request here is the one the proxy itself
 * would send for the tool call.
 */

export type ScenarioName = 'mcp' | 'go-direct';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['mcp', 'go-direct'];

/** k6 scenario keys (a tag value on every sample): letters, digits and underscores only. */
export const SCENARIO_KEYS: Readonly<Record<ScenarioName, string>> = { mcp: 'mcp', 'go-direct': 'go_direct' };

/** The defaults of `npm run load` and of the k6 scripts. */
export const DEFAULTS = {
  vus: 50,
  duration: '30s',
  /** mean pause after each call; see thinkTimeMs */
  thinkMs: 200,
  /** page size of the list calls */
  listLimit: 20,
  /** how long in-flight calls may finish after the duration (k6 gracefulStop) */
  gracefulStop: '10s',
} as const;

/**
 * Hard bounds on every load run, whatever the flags or environment say: a run always ends, and its request count is
 * finite even with zero think time.
 */
export const BOUNDS = {
  maxVus: 1000,
  maxDurationMs: 60 * 60 * 1000,
  maxThinkMs: 60_000,
  /** requests per VU-second the built-in runner will make at most before it stops early */
  maxRequestsPerVuSecond: 100,
} as const;

/** The MCP protocol revision the scenario speaks (a plain Streamable HTTP client, no SDK). */
export const MCP_PROTOCOL_VERSION = '2025-06-18';

export type StepKind = 'list' | 'create' | 'get' | 'patch' | 'archive' | 'delete';

/**
 * One iteration of a virtual user: an MCP client's session with one item, from finding its place in the list to
 * deleting it again, so the data set stays flat however long the test runs. Half the calls read, half write.
 */
export const WORKFLOW: readonly StepKind[] = ['list', 'create', 'get', 'patch', 'list', 'get', 'archive', 'delete'];

/** Steps that act on the item the iteration created. */
export function needsItem(kind: StepKind): boolean {
  return kind !== 'list' && kind !== 'create';
}

export interface EntityPlan {
  /** URL segment: /v1/{path} */
  readonly path: string;
  /** tool-name stems: get_{toolSingular}, list_{toolPlural} */
  readonly toolSingular: string;
  readonly toolPlural: string;
  /** create_* arguments and the body the proxy sends for them (archived=false is always sent for chats) */
  create(marker: string): { readonly args: Record<string, unknown>; readonly body: Record<string, unknown> };
  /** the `updates` of patch_* (and the PATCH body) */
  patch(marker: string): Record<string, unknown>;
}

const NOTES: EntityPlan = {
  path: 'notes',
  toolSingular: 'note',
  toolPlural: 'notes',
  create: (marker) => {
    const args = { title: `Load note ${marker}`, content: `Written by the load test (${marker}).`, tags: ['load', 'note'] };
    return { args, body: { ...args } };
  },
  patch: (marker) => ({ content: `Edited by the load test (${marker}).`, pinned: true }),
};

const TASKS: EntityPlan = {
  path: 'tasks',
  toolSingular: 'task',
  toolPlural: 'tasks',
  create: (marker) => {
    const args = { title: `Load task ${marker}`, description: 'Created by the load test', status: 'open', priority: 'medium', due_date: '2031-01-01', tags: ['load'] };
    const body = { title: args.title, description: args.description, status: args.status, priority: args.priority, dueDate: args.due_date, tags: args.tags };
    return { args, body };
  },
  patch: () => ({ status: 'in_progress', priority: 'high' }),
};

const CHATS: EntityPlan = {
  path: 'chats',
  toolSingular: 'chat',
  toolPlural: 'chats',
  create: (marker) => {
    const args = { title: `Load chat ${marker}`, description: 'Opened by the load test', participants: ['load', 'agent'] };
    return { args, body: { ...args, archived: false } };
  },
  patch: (marker) => ({ description: `Renamed by the load test (${marker})` }),
};

/** The entities an iteration works on, in turn (comments and chat messages need a parent item and add nothing new). */
export const ENTITY_MIX: readonly EntityPlan[] = [NOTES, TASKS, CHATS];

export interface IterationPlan {
  readonly entity: EntityPlan;
  /** written into the item, so its owner and iteration can be told apart in the data */
  readonly marker: string;
  readonly steps: readonly StepKind[];
}

/** What VU `vu` (1-based) does in its `iteration`-th iteration (0-based). */
export function planIteration(vu: number, iteration: number): IterationPlan {
  const entity = ENTITY_MIX[(vu + iteration) % ENTITY_MIX.length]!;
  return { entity, marker: `vu${vu}-it${iteration}`, steps: WORKFLOW };
}

export interface Step {
  readonly kind: StepKind;
  readonly entity: EntityPlan;
  readonly marker: string;
  /** the item the iteration created (required by needsItem steps) */
  readonly uid?: string;
}

export interface ToolCall {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

function requireUid(step: Step): string {
  if (!step.uid) throw new Error(`step ${step.kind} needs the uid of the item the iteration created`);
  return step.uid;
}

/** The MCP tool call of a step. */
export function toolCall(step: Step): ToolCall {
  const { entity } = step;
  switch (step.kind) {
    case 'list':
      return { name: `list_${entity.toolPlural}`, arguments: { limit: DEFAULTS.listLimit } };
    case 'create':
      return { name: `create_${entity.toolSingular}`, arguments: entity.create(step.marker).args };
    case 'get':
      return { name: `get_${entity.toolSingular}`, arguments: { uid: requireUid(step) } };
    case 'patch':
      return { name: `patch_${entity.toolSingular}`, arguments: { uid: requireUid(step), updates: entity.patch(step.marker) } };
    case 'archive':
      return { name: `archive_${entity.toolSingular}`, arguments: { uid: requireUid(step) } };
    case 'delete':
      return { name: `delete_${entity.toolSingular}`, arguments: { uid: requireUid(step) } };
  }
}

export interface GoRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** path below the Go API base URL, with the query string */
  readonly path: string;
  /** JSON body, when the request has one */
  readonly body?: Record<string, unknown>;
  readonly expectStatus: number;
  /** a short, low-cardinality name for tags: `create notes`, `get tasks` */
  readonly name: string;
}

/** The same operation as a direct Go API request: exactly what the proxy sends for the step's tool call. */
export function goRequest(step: Step): GoRequest {
  const base = `/v1/${step.entity.path}`;
  const name = `${step.kind} ${step.entity.path}`;
  switch (step.kind) {
    case 'list':
      return { method: 'GET', path: `${base}?limit=${DEFAULTS.listLimit}`, expectStatus: 200, name };
    case 'create':
      return { method: 'POST', path: base, body: step.entity.create(step.marker).body, expectStatus: 201, name };
    case 'get':
      return { method: 'GET', path: `${base}/${encodeURIComponent(requireUid(step))}`, expectStatus: 200, name };
    case 'patch':
      return { method: 'PATCH', path: `${base}/${encodeURIComponent(requireUid(step))}`, body: step.entity.patch(step.marker), expectStatus: 200, name };
    case 'archive':
      return { method: 'POST', path: `${base}/${encodeURIComponent(requireUid(step))}/archive`, body: {}, expectStatus: 200, name };
    case 'delete':
      return { method: 'DELETE', path: `${base}/${encodeURIComponent(requireUid(step))}`, expectStatus: 200, name };
  }
}

// ---- MCP over Streamable HTTP, without an SDK -------------------------------------------------------------------

/** Headers of every MCP POST (plus `authorization: Bearer <token>`). */
export const MCP_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': MCP_PROTOCOL_VERSION,
};

export function toolCallBody(id: number, call: ToolCall): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: call.name, arguments: call.arguments } });
}

/** The handshake an MCP client makes once per connection (the proxy is stateless and does not require it). */
export function initializeBody(id: number, clientName: string): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: clientName, version: '0.1.0' } },
  });
}

export const INITIALIZED_NOTIFICATION = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });

// ---- Judging answers ---------------------------------------------------------------------------------------------

/** Check names, as k6 prints them; the same in both engines. */
export const CHECKS = {
  mcpStatus: 'mcp: HTTP 200',
  mcpResult: 'mcp: JSON-RPC result',
  mcpTool: 'mcp: tool call succeeded',
  mcpInitialize: 'mcp: initialize answered',
  goSession: 'go: sync session opened',
  goStatus: 'go: expected status',
  goBody: 'go: body matches the operation',
} as const;

export interface Outcome {
  /** check name → passed, in a fixed order */
  readonly checks: readonly (readonly [string, boolean])[];
  /** every check passed */
  readonly ok: boolean;
  /** the created item's uid (create steps) */
  readonly uid?: string;
  /** why it failed, short and free of secrets (the proxy's and the API's error texts carry none) */
  readonly error?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** Does a result (tool structuredContent or Go body) look like the answer to this step? */
function bodyFits(kind: StepKind, body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (kind === 'list') return Array.isArray(body.items);
  if (typeof body.uid !== 'string' || typeof body.version !== 'number') return false;
  if (kind === 'delete') return typeof body.deletedAt === 'string';
  return isRecord(body.payload);
}

function outcome(checks: [string, boolean][], uid: string | undefined, error: string | undefined): Outcome {
  const ok = checks.every(([, passed]) => passed);
  return { checks, ok, ...(ok && uid ? { uid } : {}), ...(ok ? {} : { error: error ?? 'unexpected answer' }) };
}

/** Judges a tool call's HTTP answer (status 0 = no answer: `transportError` says why). */
export function judgeToolCall(kind: StepKind, status: number, text: string, transportError?: string): Outcome {
  const httpOk = status === 200;
  const message = httpOk ? parseJson(text) : undefined;
  const result = isRecord(message) && message.error === undefined && isRecord(message.result) ? message.result : undefined;
  const structured = result && result.isError !== true ? result.structuredContent : undefined;
  const toolOk = bodyFits(kind, structured);
  let error: string | undefined;
  if (status === 0) error = `no answer: ${transportError ?? 'connection failed'}`;
  else if (!httpOk) error = `HTTP ${status}: ${clip(text.trim())}`;
  else if (!result) error = isRecord(message) && isRecord(message.error) ? `JSON-RPC error: ${clip(String(message.error.message))}` : 'no JSON-RPC result';
  else if (result.isError === true) error = `tool error: ${clip(toolText(result))}`;
  else if (!toolOk) error = 'tool result does not match the operation';
  const uid = toolOk && isRecord(structured) && typeof structured.uid === 'string' ? structured.uid : undefined;
  return outcome(
    [
      [CHECKS.mcpStatus, httpOk],
      [CHECKS.mcpResult, result !== undefined],
      [CHECKS.mcpTool, toolOk],
    ],
    kind === 'create' ? uid : undefined,
    error,
  );
}

function toolText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? result.content : [];
  return content.map((c) => (isRecord(c) && typeof c.text === 'string' ? c.text : '')).join(' ');
}

/** Judges the `initialize` answer. */
export function judgeInitialize(status: number, text: string, transportError?: string): Outcome {
  const message = status === 200 ? parseJson(text) : undefined;
  const ok = isRecord(message) && isRecord(message.result) && typeof message.result.protocolVersion === 'string';
  const error = status === 0 ? `no answer: ${transportError ?? 'connection failed'}` : `initialize: HTTP ${status}: ${clip(text.trim())}`;
  return outcome([[CHECKS.mcpInitialize, ok]], undefined, error);
}

/** Judges a direct Go API answer. */
export function judgeGoRequest(kind: StepKind, request: GoRequest, status: number, text: string, transportError?: string): Outcome {
  const statusOk = status === request.expectStatus;
  const body = statusOk ? parseJson(text) : undefined;
  const bodyOk = bodyFits(kind, body);
  let error: string | undefined;
  if (status === 0) error = `no answer: ${transportError ?? 'connection failed'}`;
  else if (!statusOk) error = `${request.name}: HTTP ${status} (expected ${request.expectStatus}): ${clip(text.trim())}`;
  else if (!bodyOk) error = `${request.name}: body does not match the operation`;
  const uid = bodyOk && isRecord(body) && typeof body.uid === 'string' ? body.uid : undefined;
  return outcome(
    [
      [CHECKS.goStatus, statusOk],
      [CHECKS.goBody, bodyOk],
    ],
    kind === 'create' ? uid : undefined,
    error,
  );
}

/** k6 and the runner count a response as a failed request exactly alike: no answer, or a status outside 200–399. */
export function httpFailed(status: number): boolean {
  return status < 200 || status >= 400;
}

// ---- Pacing ------------------------------------------------------------------------------------------------------

/**
 * The pause after a call: uniformly 0.5×–1.5× the mean, so VUs do not march in lockstep. With the default 200 ms a
 * VU makes at most 5 calls per second, half the Go API's per-user refill rate (10/s, burst 120), so the test
 * measures the system and never the rate limiter.
 */
export function thinkTimeMs(meanMs: number, random: number): number {
  return meanMs * (0.5 + random);
}

/** `30s`, `2m`, `1m30s`, `500ms`, `1h` (k6 / Go duration syntax), or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) throw new Error(`"${text}" is not a duration (examples: 30s, 2m, 1m30s, 500ms)`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  for (let match = part.exec(trimmed); match !== null; match = part.exec(trimmed)) total += Number(match[1]) * unit[match[2]!]!;
  return Math.round(total);
}

// ---- Identities ----------------------------------------------------------------------------------------------------

/** One virtual user's identity: a JWT subject of its own (the Go API rate-limits per user) and its token. */
export interface LoadUser {
  readonly sub: string;
  readonly token: string;
}

/** A Go sync session (direct scenario only: the proxy keeps its own per user). */
export interface GoSession {
  readonly id: string;
  readonly epoch: number;
}

/** Headers of a direct Go API request; `signHex(message)` is HMAC-SHA256 with the tenant secret, lowercase hex. */
export function goHeaders(
  token: string,
  tenantId: string,
  session: GoSession | undefined,
  nowMs: number,
  signHex: (message: string) => string,
  withBody: boolean,
): Record<string, string> {
  const timestamp = String(nowMs);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    'x-tb-tenant-id': tenantId,
    'x-tb-timestamp': timestamp,
    'x-tb-signature': signHex(`${tenantId}:${timestamp}`),
  };
  if (session) {
    headers['x-sync-session'] = session.id;
    headers['x-sync-epoch'] = String(session.epoch);
  }
  if (withBody) headers['content-type'] = 'application/json';
  return headers;
}

/** Judges the answer to POST /v1/sync/sessions; the session is in `uid`'s place: use parseSession for it. */
export function judgeSessionOpen(status: number, text: string, transportError?: string): Outcome {
  const ok = parseSession(status, text) !== undefined;
  const error = status === 0 ? `no answer: ${transportError ?? 'connection failed'}` : `open session: HTTP ${status}: ${clip(text.trim())}`;
  return outcome([[CHECKS.goSession, ok]], undefined, error);
}

/** Reads a session from the answer to POST /v1/sync/sessions (201). */
export function parseSession(status: number, text: string): GoSession | undefined {
  if (status !== 201) return undefined;
  const body = parseJson(text);
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.epoch !== 'number') return undefined;
  return { id: body.id, epoch: body.epoch };
}

/**
 * An HS256 JWT from primitives the caller supplies (k6/crypto and k6/encoding in k6, node:crypto in tests), for k6
 * runs that mint their own tokens instead of reading the CLI's data file.
 */
export function hs256Jwt(
  claims: Record<string, unknown>,
  secret: string,
  base64url: (text: string) => string,
  hmacBase64url: (secret: string, data: string) => string,
): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${hmacBase64url(secret, signingInput)}`;
}

/** Claims of a load identity: `sub`, issued now, valid for the run plus a margin, with the target's iss/aud. */
export function loadClaims(sub: string, nowS: number, validForS: number, issuer?: string, audience?: string): Record<string, unknown> {
  return { sub, iat: nowS, exp: nowS + validForS, ...(issuer ? { iss: issuer } : {}), ...(audience ? { aud: audience } : {}) };
}

// ---- Open-loop iterations ------------------------------------------------------------------------------------------

/**
 * A virtual user's place in its workflow when calls arrive at a fixed rate (open loop): each arrival is one call, the
 * VU's next step. The workflow is the closed loop's (create, work on, delete one item), so the data set stays flat;
 * a failed create skips to the next iteration, as the closed loop does.
 */
export interface WorkflowCursor {
  /** the step this arrival makes */
  next(): Step;
  /** what the step's call returned (the create's uid is what the following steps work on) */
  done(step: Step, outcome: Pick<Outcome, 'uid'> | undefined): void;
}

export function workflowCursor(vu: number): WorkflowCursor {
  let iteration = 0;
  let index = 0;
  let uid: string | undefined;
  const advance = () => {
    index++;
    if (index >= WORKFLOW.length) {
      iteration++;
      index = 0;
      uid = undefined;
    }
  };
  return {
    next() {
      let plan = planIteration(vu, iteration);
      if (needsItem(plan.steps[index]!) && uid === undefined) {
        iteration++;
        index = 0;
        plan = planIteration(vu, iteration);
      }
      const kind = plan.steps[index]!;
      return { kind, entity: plan.entity, marker: plan.marker, ...(uid !== undefined && needsItem(kind) ? { uid } : {}) };
    },
    done(step, outcome) {
      if (step.kind === 'create') uid = outcome?.uid;
      advance();
    },
  };
}
