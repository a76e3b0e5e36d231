/**
 * A stand-in for the k6 runtime, for testing the k6 scripts' own logic under Node (tests only: the real engine is
 * k6). Implements the few APIs the scripts use, with k6's semantics where they matter: synchronous HTTP (through a
 * helper thread), `http_req_failed` (status 0 or ≥ 400), checks, Trend/Counter metrics with tags, SharedArray,
 * HMAC and base64 variants, `open`, `__ENV`, and the execution context of the VU being simulated.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface Sample {
  readonly metric: string;
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
}

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly error: string;
  readonly durationMs: number;
}

export const state = {
  samples: [] as Sample[],
  scenario: 'default',
  /** the scenario's `tags` option: k6 puts them on every sample of the scenario */
  scenarioTags: {} as Record<string, string>,
  vu: { idInTest: 1, iterationInScenario: 0 },
  startTime: Date.now(),
  requests: [] as { method: string; url: string; headers: Record<string, string>; name: string }[],
};

let bridge: { port: MessagePort; flag: Int32Array } | undefined;

/** Synchronous HTTP: a helper thread fetches, this thread waits on a shared flag and reads the answer off the port. */
function syncRequest(method: string, url: string, body: string | null, headers: Record<string, string>): HttpAnswer {
  if (!bridge) {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel() as unknown as { port1: MessagePort; port2: MessagePort };
    const helper = new Worker(
      `const { workerData } = require('node:worker_threads');
       const { port, flag } = workerData;
       port.on('message', async (r) => {
         const started = performance.now();
         let answer;
         try {
           const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? undefined });
           answer = { status: res.status, body: await res.text(), error: '' };
         } catch (e) {
           answer = { status: 0, body: '', error: String(e && e.cause ? e.cause.code || e.cause.message : e) };
         }
         port.postMessage({ ...answer, durationMs: performance.now() - started });
         Atomics.store(flag, 0, 1);
         Atomics.notify(flag, 0);
       });`,
      { eval: true, workerData: { port: port2, flag }, transferList: [port2] },
    );
    helper.unref();
    bridge = { port: port1, flag };
  }
  bridge.port.postMessage({ method, url, headers, body });
  Atomics.wait(bridge.flag, 0, 0, 30_000);
  Atomics.store(bridge.flag, 0, 0);
  const message = receiveMessageOnPort(bridge.port);
  if (!message) throw new Error(`k6 shim: no answer for ${method} ${url}`);
  return message.message as HttpAnswer;
}

interface Params {
  readonly headers?: Record<string, string>;
  readonly tags?: Record<string, string>;
}

function request(method: string, url: string, body: string | null | undefined, params: Params = {}) {
  const headers = params.headers ?? {};
  const name = params.tags?.name ?? url;
  state.requests.push({ method, url, headers, name });
  const answer = syncRequest(method, url, body ?? null, headers);
  const tags = { ...state.scenarioTags, scenario: state.scenario, name, method, status: String(answer.status) };
  state.samples.push({ metric: 'http_reqs', value: 1, tags });
  state.samples.push({ metric: 'http_req_duration', value: answer.durationMs, tags });
  state.samples.push({ metric: 'http_req_failed', value: answer.status === 0 || answer.status >= 400 ? 1 : 0, tags });
  return {
    status: answer.status,
    body: answer.body,
    error: answer.error,
    timings: { duration: answer.durationMs, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: answer.durationMs, receiving: 0 },
  };
}

export const http = {
  post: (url: string, body: string | null, params?: Params) => request('POST', url, body, params),
  request: (method: string, url: string, body: string | null, params?: Params) => request(method, url, body, params),
};

export function check(_value: unknown, sets: Record<string, () => boolean>, tags: Record<string, string> = {}): boolean {
  let all = true;
  for (const [name, test] of Object.entries(sets)) {
    const passed = test() === true;
    all &&= passed;
    state.samples.push({ metric: 'checks', value: passed ? 1 : 0, tags: { ...state.scenarioTags, scenario: state.scenario, check: name, ...tags } });
  }
  return all;
}

export function sleep(_seconds: number): void {
  // the shim runs VUs one after another; pacing is not what it tests
}

class Metric {
  constructor(readonly name: string) {}
  add(value: number | boolean, tags: Record<string, string> = {}): void {
    state.samples.push({ metric: this.name, value: Number(value), tags: { ...state.scenarioTags, scenario: state.scenario, ...tags } });
  }
}
export class Trend extends Metric {}
export class Counter extends Metric {}

export const exec = {
  get vu() {
    return { ...state.vu };
  },
  get scenario() {
    return { name: state.scenario, startTime: state.startTime };
  },
};

const shared = new Map<string, unknown[]>();
export class SharedArray {
  constructor(name: string, fill: () => unknown[]) {
    if (!shared.has(name)) shared.set(name, Object.freeze(fill()) as unknown[]);
    return shared.get(name) as unknown as SharedArray;
  }
}

export const crypto = {
  hmac(algorithm: string, secret: string, data: string, encoding: 'hex' | 'base64' | 'base64url' | 'base64rawurl'): string {
    const digest = createHmac(algorithm, secret).update(data).digest();
    if (encoding === 'hex') return digest.toString('hex');
    if (encoding === 'base64') return digest.toString('base64');
    if (encoding === 'base64url') return digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    return digest.toString('base64url');
  },
};

export const encoding = {
  b64encode(input: string, variant: 'std' | 'rawstd' | 'url' | 'rawurl' = 'std'): string {
    const buffer = Buffer.from(input, 'utf8');
    if (variant === 'rawurl') return buffer.toString('base64url');
    if (variant === 'url') return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    if (variant === 'rawstd') return buffer.toString('base64').replace(/=+$/, '');
    return buffer.toString('base64');
  },
};

/** The k6 globals of the init context. */
export function installGlobals(env: Record<string, string>): void {
  Object.assign(globalThis, { __ENV: env, open: (path: string) => readFileSync(path, 'utf8') });
}
