/**
 * Real clients work unchanged against `npm run go-api`: the stand-in is spawned exactly as users do
 * (`tsx stand-ins/go-api/main.ts`, configured by the real API's environment variables), then a bash + curl + jq
 * client (smoke.sh) and a Python httpx client (smoke.py) run a full session against it with a JWT and tenant
 * signatures they compute themselves. Also: main.ts refuses to start outside DevMode with the default secret.
 */
import { optionalRequirement } from '../../../framework/testing/optional.js';
import { unusedPort } from '../../../framework/testing/ports.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_JWT_SECRET } from '../../../contract/messages.js';
import { BACKENDS, type BackendName } from '../testing/backends.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = 'node_modules/.bin/tsx';
const MAIN = 'stand-ins/go-api/main.ts';
const SMOKE_SH = fileURLToPath(new URL('./smoke.sh', import.meta.url));
const SMOKE_PY = fileURLToPath(new URL('./smoke.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const STARTUP_TIMEOUT_MS = 45_000;

function runs(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

const missingShellTools = ['bash', 'curl', 'jq', 'openssl'].filter((tool) => !runs('sh', ['-c', `command -v ${tool}`]));
const SHELL_SKIP = optionalRequirement(missingShellTools.length === 0, missingShellTools.join(', '), 'apt-get install curl jq openssl') ?? null;
const PYTHON_SKIP = optionalRequirement(runs(PYTHON, ['-c', 'import httpx']), `${PYTHON} with httpx`, 'apt-get install python3-httpx') ?? null;

/** A clean environment: only what a user would set (no inherited DATABASE_URL, secrets or faults). */
function userEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...vars };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
}

function spawnProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Resolves with the parsed startup line, or rejects if the process exits or stays silent. */
async function startupLine(proc: Spawned): Promise<Record<string, unknown>> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exit: Exit | undefined;
  void proc.exited.then((e) => (exit = e));
  for (;;) {
    const line = proc
      .stdout()
      .split('\n')
      .find((l) => l.includes('ToolBridge Go API stand-in listening'));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    if (exit) throw new Error(`stand-in exited (${exit.code ?? exit.signal}) before listening:\n${proc.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no startup line after ${STARTUP_TIMEOUT_MS} ms:\n${proc.stdout()}\n${proc.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(BACKENDS)('real clients against `npm run go-api` (%s)', (backend: BackendName) => {
  const jwtSecret = randomBytes(24).toString('hex');
  const tenantSecret = randomBytes(24).toString('hex');
  let port: number;
  let standIn: Spawned;
  let startup: Record<string, unknown>;

  beforeAll(async () => {
    port = await unusedPort();
    standIn = spawnProcess(
      TSX,
      [MAIN],
      userEnv({
        ENV: 'dev',
        JWT_HS256_SECRET: jwtSecret,
        TENANT_HEADER_SECRET: tenantSecret,
        HTTP_ADDR: `127.0.0.1:${port}`,
        ...(backend === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL! } : {}),
      }),
    );
    startup = await startupLine(standIn);
  }, STARTUP_TIMEOUT_MS + 5_000);

  afterAll(async () => {
    if (standIn && standIn.child.exitCode === null && standIn.child.signalCode === null) {
      standIn.child.kill('SIGKILL');
      await standIn.exited;
    }
  });

  /** Runs a client script against the stand-in with the URL and secrets in its environment. */
  async function runClient(command: string, args: string[]): Promise<{ exit: Exit; stdout: string; stderr: string }> {
    const client = spawnProcess(
      command,
      args,
      userEnv({
        GO_API_BASE_URL: `http://127.0.0.1:${port}`,
        JWT_SECRET: jwtSecret,
        TENANT_ID: `tenant-${backend}`,
        TENANT_HEADER_SECRET: tenantSecret,
      }),
    );
    const exit = await client.exited;
    return { exit, stdout: client.stdout(), stderr: client.stderr() };
  }

  it('announces itself with one JSON line naming its address, database and settings', () => {
    expect(startup).toMatchObject({
      msg: 'ToolBridge Go API stand-in listening',
      url: `http://127.0.0.1:${port}`,
      addr: `127.0.0.1:${port}`,
      database: backend,
      devMode: true,
      tenantHeaders: true,
      auth0: false,
      faults: [],
    });
    expect(JSON.stringify(startup)).not.toContain(jwtSecret);
    expect(JSON.stringify(startup)).not.toContain(tenantSecret);
  });

  it.skipIf(SHELL_SKIP !== null)(`smoke.sh (bash + curl + jq) passes${SHELL_SKIP ? ` (${SHELL_SKIP})` : ''}`, async () => {
    const { exit, stdout, stderr } = await runClient('bash', [SMOKE_SH]);
    expect({ exit, stderr }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(stdout).toContain('smoke.sh: push notes');
    expect(stdout.trimEnd().endsWith('smoke.sh: OK')).toBe(true);
  });

  it.skipIf(PYTHON_SKIP !== null)(`smoke.py (Python 3 + httpx) passes${PYTHON_SKIP ? ` (${PYTHON_SKIP})` : ''}`, async () => {
    const { exit, stdout, stderr } = await runClient(PYTHON, [SMOKE_PY]);
    expect({ exit, stderr }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(stdout).toContain('smoke.py: push notes');
    expect(stdout.trimEnd().endsWith('smoke.py: OK')).toBe(true);
  });

  it.skipIf(SHELL_SKIP !== null)(`smoke.sh fails on an unexpected answer (a wrong JWT secret)${SHELL_SKIP ? ` (${SHELL_SKIP})` : ''}`, async () => {
    const client = spawnProcess('bash', [SMOKE_SH], userEnv({
      GO_API_BASE_URL: `http://127.0.0.1:${port}`,
      JWT_SECRET: 'not-the-secret',
      TENANT_ID: 'tenant',
      TENANT_HEADER_SECRET: tenantSecret,
    }));
    expect((await client.exited).code).toBe(1);
    expect(client.stderr()).toContain('smoke.sh: FAIL');
  });

  it.skipIf(PYTHON_SKIP !== null)(`smoke.py fails on an unexpected answer (a wrong tenant secret)${PYTHON_SKIP ? ` (${PYTHON_SKIP})` : ''}`, async () => {
    const client = spawnProcess(PYTHON, [SMOKE_PY], userEnv({
      GO_API_BASE_URL: `http://127.0.0.1:${port}`,
      JWT_SECRET: jwtSecret,
      TENANT_ID: 'tenant',
      TENANT_HEADER_SECRET: 'not-the-secret',
    }));
    expect((await client.exited).code).toBe(1);
    expect(client.stderr()).toContain('smoke.py: FAIL');
  });

  it("answers a malformed percent escape with Go's server-level 400 (raw bytes, no correlation id)", async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /v1/notes/%zz HTTP/1.1\r\nHost: localhost\r\nX-Correlation-ID: c-1\r\n\r\n'));
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      socket.once('error', reject);
      socket.once('close', () => resolve(received));
    });
    expect(raw).toBe('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request');
    // and the server keeps serving
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM (exit code 0)', async () => {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await healthy.text()).toBe('ok');
    standIn.child.kill('SIGTERM');
    expect(await standIn.exited).toEqual({ code: 0, signal: null });
    expect(standIn.stdout()).toContain('{"msg":"shutting down","signal":"SIGTERM"}');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('main.ts start-up refusals', () => {
  it.each([
    ['ENV unset and no secret', {}],
    ['ENV=production and no secret', { ENV: 'production' }],
    ['ENV=production and an empty secret', { ENV: 'production', JWT_HS256_SECRET: '' }],
    ['ENV=Dev (not exactly "dev") and the default secret spelled out', { ENV: 'Dev', JWT_HS256_SECRET: DEFAULT_JWT_SECRET }],
  ])('refuses to start outside DevMode with the default secret: %s', async (_, vars: Record<string, string>) => {
    const port = await unusedPort();
    const proc = spawnProcess(TSX, [MAIN], userEnv({ HTTP_ADDR: `127.0.0.1:${port}`, ...vars }));
    const exit = await proc.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(proc.stderr()).toContain('JWT_HS256_SECRET');
    expect(proc.stdout()).not.toContain('listening');
  });
});
