/**
 * Runs the stages of Dockerfile.mcp-only without Docker: each stage gets its own directory standing in for the
 * container filesystem, and its instructions are carried out in order: WORKDIR, ENV, ARG, COPY from the build
 * context (filtered by .dockerignore) or from an earlier stage, and RUN (the stage's own shell commands). The
 * runtime stage's CMD is then started with the stage's environment, probed with the image's HEALTHCHECK, and
 * stopped with its STOPSIGNAL. This proves the runtime stage works with production dependencies only.
 *
 * Differences from a real image build, stated: node and npm are this machine's (the image pins its own Node LTS),
 * USER is not applied (we are not root in a container), and the network is the npm registry as configured here.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAME, SERVICE_VERSION } from '../proxy/version.js';
import { parseDockerfile, type Instruction, type Stage } from './dockerfile.js';
import { buildContext } from './dockerignore.js';
import { parseDurationMs } from './fly-config.js';
import { REPO_ROOT } from './proxy-facts.js';
import { unusedPort, unusedPorts } from '../framework/testing/ports.js';

const run = promisify(execFile);

const DOCKERFILE = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile.mcp-only'), 'utf8'));
const CONTEXT = buildContext(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface StageResult {
  /** stands in for the stage's `/` */
  readonly rootfs: string;
  readonly workdir: string;
  readonly env: Record<string, string>;
  readonly stage: Stage;
  readonly log: string[];
}

/** The container path `p` (absolute, or relative to `cwd`) inside `rootfs`. */
function inRootfs(rootfs: string, cwd: string, p: string): string {
  return p.startsWith('/') ? join(rootfs, p) : join(cwd, p);
}

function matchGlob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

/** Build-context sources of a COPY, globs expanded, each checked against .dockerignore like Docker does. */
function contextSources(source: string): string[] {
  const clean = source.replace(/\/+$/, '');
  if (!/[*?]/.test(clean)) return [clean];
  const dir = dirname(clean);
  const re = matchGlob(basename(clean));
  return readdirSync(join(REPO_ROOT, dir))
    .filter((name) => re.test(name))
    .map((name) => (dir === '.' ? name : `${dir}/${name}`));
}

function copyInto(from: string, to: string, filter?: (src: string) => boolean): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, dereference: false, verbatimSymlinks: true, ...(filter ? { filter } : {}) });
}

/** Docker's COPY: a directory's contents go into dest; files go to dest/<name> when dest ends in / or there are several. */
function copyInstruction(ins: Instruction, rootfs: string, cwd: string, stages: ReadonlyMap<string, StageResult>): void {
  const flags = ins.flags;
  const parts = ins.exec ?? ins.words;
  const dest = parts[parts.length - 1]!;
  const sources = parts.slice(0, -1);
  const from = flags.get('from');
  let resolved: { abs: string; rel: string | undefined }[];
  if (from !== undefined) {
    const source = stages.get(from.toLowerCase());
    if (!source) throw new Error(`COPY --from=${from}: no such earlier stage`);
    resolved = sources.map((s) => ({ abs: inRootfs(source.rootfs, source.workdir, s), rel: undefined }));
  } else {
    resolved = sources.flatMap(contextSources).map((rel) => ({ abs: join(REPO_ROOT, rel), rel }));
    for (const { rel } of resolved) {
      if (CONTEXT.ignores(rel!) || !existsSync(join(REPO_ROOT, rel!))) throw new Error(`COPY ${rel}: not in the build context`);
    }
  }
  const destPath = inRootfs(rootfs, cwd, dest);
  const intoDir = dest.endsWith('/') || resolved.length > 1;
  const contextFilter = (src: string) => {
    const rel = relative(REPO_ROOT, src).split(sep).join('/');
    return rel === '' || !CONTEXT.ignores(rel);
  };
  for (const { abs, rel } of resolved) {
    const isDir = lstatSync(abs).isDirectory();
    const target = isDir || !intoDir ? destPath : join(destPath, basename(abs));
    copyInto(abs, target, rel !== undefined ? contextFilter : undefined);
  }
}

/** Carries out one stage's instructions; RUN commands run through sh in the stage's WORKDIR and environment. */
async function runStage(stage: Stage, base: string, stages: Map<string, StageResult>, npmCacheFor: (command: string) => string | undefined): Promise<StageResult> {
  const rootfs = join(base, `stage-${stage.index}-${stage.name ?? 'unnamed'}`);
  mkdirSync(rootfs, { recursive: true });
  let workdir = rootfs;
  const env: Record<string, string> = {};
  const args = new Map<string, string | undefined>();
  const log: string[] = [];
  for (const ins of stage.instructions) {
    switch (ins.keyword) {
      case 'WORKDIR':
        workdir = inRootfs(rootfs, workdir, ins.words[0]!);
        mkdirSync(workdir, { recursive: true });
        break;
      case 'ENV':
        for (const [k, v] of ins.declarations) env[k] = v ?? '';
        break;
      case 'ARG':
        for (const [name, value] of ins.declarations) args.set(name, value ?? DOCKERFILE.globalArgs.get(name));
        break;
      case 'COPY':
        copyInstruction(ins, rootfs, workdir, stages);
        break;
      case 'RUN': {
        const command = ins.exec?.join(' ') ?? ins.args;
        const cache = npmCacheFor(command);
        const runEnv = {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? tmpdir(),
          npm_config_update_notifier: 'false',
          ...Object.fromEntries([...args].filter(([, v]) => v !== undefined)),
          ...env,
          ...(cache ? { npm_config_cache: cache } : {}),
        };
        const started = performance.now();
        const { stdout, stderr } = await run('sh', ['-c', command], { cwd: workdir, env: runEnv, maxBuffer: 64 * 1024 * 1024 });
        log.push(`RUN ${command} (${Math.round(performance.now() - started)} ms)\n${stdout}${stderr}`);
        break;
      }
      default:
        break; // FROM, USER, EXPOSE, HEALTHCHECK, STOPSIGNAL, CMD: metadata, used by the assertions below
    }
  }
  const result = { rootfs, workdir, env, stage, log };
  if (stage.name) stages.set(stage.name, result);
  stages.set(String(stage.index), result);
  return result;
}

/** Apparent size (sum of file sizes) and disk usage (allocated blocks, like `du`) of a tree, in bytes. */
function sizeOf(path: string): { bytes: number; diskBytes: number; files: number } {
  const total = { bytes: 0, diskBytes: 0, files: 0 };
  const visit = (p: string) => {
    const stat = lstatSync(p);
    total.diskBytes += stat.blocks * 512;
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
    else {
      total.bytes += stat.size;
      total.files++;
    }
  };
  visit(path);
  return total;
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

function lastOf(stage: Stage, keyword: string) {
  return stage.instructions.filter((i) => i.keyword === keyword).pop();
}

async function registryProblem(): Promise<string | undefined> {
  try {
    await run('npm', ['ping'], { timeout: 20_000 });
    return undefined;
  } catch (error) {
    const failure = error as { stderr?: string; killed?: boolean; message: string };
    const npmErrors = (failure.stderr ?? '').split('\n').filter((line) => line.startsWith('npm error')).join('; ');
    const detail = failure.killed ? 'no answer within 20 s' : npmErrors || failure.message.split('\n')[0];
    return `npm registry unreachable (npm ping: ${detail})`;
  }
}

const BUILD_TIMEOUT_MS = 600_000;

describe('Dockerfile.mcp-only stages, run locally', () => {
  let skipReason: string | undefined;
  let base: string;
  let builder: StageResult;
  let runtime: StageResult;
  let proxyEnv: Record<string, string>;
  let child: ChildProcess | undefined;
  let childOutput = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let baseUrl: string;

  beforeAll(async () => {
    skipReason = await registryProblem();
    if (skipReason) {
      console.warn(`image-build: skipped: ${skipReason}`);
      return;
    }
    // The runtime dir must not sit below any node_modules, or Node could resolve a package the image lacks.
    base = mkdtempSync(join(tmpdir(), 'tb-image-'));
    for (let dir = base; dir !== dirname(dir); dir = dirname(dir)) {
      if (existsSync(join(dirname(dir), 'node_modules'))) throw new Error(`${dirname(dir)}/node_modules would leak into the runtime stage`);
    }
    const stages = new Map<string, StageResult>();
    const isolatedCache = join(base, 'npm-cache-isolated');
    // A RUN that cleans the npm cache gets its own cache dir (as in the image), never this machine's.
    const cacheFor = (command: string) => (/npm\s+cache\s+clean/.test(command) ? isolatedCache : undefined);
    const [first, last] = [DOCKERFILE.stages[0]!, DOCKERFILE.stages[DOCKERFILE.stages.length - 1]!];
    builder = await runStage(first, base, stages, cacheFor);
    for (const stage of DOCKERFILE.stages.slice(1, -1)) await runStage(stage, base, stages, cacheFor);
    runtime = await runStage(last, base, stages, cacheFor);
    for (const line of [...builder.log, ...runtime.log]) console.log(`image-build: ${line.split('\n')[0]}`);

    const modules = sizeOf(join(runtime.workdir, 'node_modules'));
    const dist = sizeOf(join(runtime.workdir, 'dist'));
    const packages = readdirSync(join(runtime.workdir, 'node_modules')).flatMap((n) =>
      n.startsWith('@') ? readdirSync(join(runtime.workdir, 'node_modules', n)).map((m) => `${n}/${m}`) : n.startsWith('.') ? [] : [n],
    );
    console.log(
      `image-build: runtime stage size: node_modules ${mib(modules.bytes)} (${modules.files} files, ${packages.length} packages, ` +
        `${mib(modules.diskBytes)} on disk) + dist ${mib(dist.bytes)} (${dist.files} files, ${mib(dist.diskBytes)} on disk) = ` +
        `${mib(modules.bytes + dist.bytes)} apparent, ${mib(modules.diskBytes + dist.diskBytes)} on disk`,
    );
    // What the registry stores for these two layers: a gzip-compressed tar, as `docker push` sends it.
    const layer = await run('sh', ['-c', 'tar -cf - node_modules dist | wc -c; tar -cf - node_modules dist | gzip -6 | wc -c'], { cwd: runtime.workdir }).then(
      ({ stdout }) => stdout.trim().split(/\s+/).map(Number),
      () => undefined,
    );
    if (layer) console.log(`image-build: runtime layers as tar: ${mib(layer[0]!)} uncompressed, ${mib(layer[1]!)} gzip-compressed`);

    const [goPort, port] = (await unusedPorts(2)) as [number, number]; // nothing listens on goPort: the Go API is "down"
    baseUrl = `http://127.0.0.1:${port}`;
    proxyEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: runtime.workdir,
      ...runtime.env, // NODE_ENV=production from the image
      TOOLBRIDGE_HOST: '127.0.0.1',
      TOOLBRIDGE_PORT: String(port),
      TOOLBRIDGE_GO_API_BASE_URL: `http://127.0.0.1:${goPort}`,
      TOOLBRIDGE_TENANT_ID: 'image-build-test',
      TOOLBRIDGE_TENANT_HEADER_SECRET: randomBytes(32).toString('hex'),
      TOOLBRIDGE_JWT_HS256_SECRET: randomBytes(32).toString('hex'),
      TOOLBRIDGE_LOG_LEVEL: 'info',
    };
    const cmd = lastOf(last, 'CMD')!.exec!;
    child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), { cwd: runtime.workdir, env: proxyEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    exited = new Promise((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the proxy exited with ${child.exitCode} during start-up:\n${childOutput}`);
      const ok = await fetch(`${baseUrl}/`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the proxy did not answer GET / within 20 s:\n${childOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (base && !process.env.KEEP_IMAGE_BUILD) rmSync(base, { recursive: true, force: true });
  });

  it('the builder stage compiled dist/ from a context without tests or deployment tooling', (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    expect(existsSync(join(builder.workdir, 'dist/proxy/main.js'))).toBe(true);
    expect(existsSync(join(builder.workdir, 'dist/contract'))).toBe(true);
    expect(existsSync(join(builder.workdir, 'proxy/config.test.ts'))).toBe(false);
    expect(existsSync(join(builder.workdir, 'deploy'))).toBe(false);
    expect(existsSync(join(builder.workdir, 'fixtures'))).toBe(false);
  });

  it('the runtime stage holds exactly the production dependencies, package*.json and dist/', (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const nodeModules = join(runtime.workdir, 'node_modules');
    for (const dep of Object.keys(PACKAGE.dependencies)) expect(existsSync(join(nodeModules, dep)), dep).toBe(true);
    // The lock file says which installed paths only dev dependencies need (`dev: true`): none may be in the image,
    // and every path production needs must be (a dev dependency can also be a production transitive one, e.g. ajv).
    const lock = JSON.parse(readFileSync(join(runtime.workdir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>;
    };
    const entries = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));
    const devOnly = entries.filter(([, p]) => p.dev === true).map(([path]) => path);
    const production = entries.filter(([, p]) => !p.dev && !p.optional && !p.devOptional).map(([path]) => path);
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.filter((path) => existsSync(join(runtime.workdir, path)))).toEqual([]);
    expect(production.filter((path) => !existsSync(join(runtime.workdir, path)))).toEqual([]);
    for (const dev of ['typescript', 'vitest', 'tsx', '@electric-sql/pglite']) expect(existsSync(join(nodeModules, dev)), dev).toBe(false);
    expect(readdirSync(runtime.workdir).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const built = walk(join(runtime.workdir, 'dist')).map((f) => relative(runtime.workdir, f));
    expect(built.filter((f) => f.endsWith('.test.js') || f.includes('/testing/'))).toEqual([]);
    expect(built).toContain(join('dist', 'proxy', 'main.js'));
  });

  it('node dist/proxy/main.js answers GET / with the service name and version', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ service: SERVICE_NAME, version: SERVICE_VERSION, status: 'ok' });
    expect(SERVICE_VERSION).toBe(PACKAGE.version);
  });

  it('GET /readyz answers 503 while the Go API is unreachable', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const response = await fetch(`${baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', checks: { goApi: 'unreachable' } });
  });

  it("the image's HEALTHCHECK command exits 0 against it, and 1 when nothing listens", async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const healthcheck = lastOf(runtime.stage, 'HEALTHCHECK')!;
    const flags = healthcheck.flags;
    const argv = healthcheck.exec!;
    expect(argv[0]).toBe('node');
    const timeoutMs = parseDurationMs(flags.get('timeout') ?? '30s', 's')!;
    const probe = (env: Record<string, string>) =>
      run(process.execPath, argv.slice(1), { cwd: runtime.workdir, env, timeout: timeoutMs }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    const started = performance.now();
    expect(await probe(proxyEnv)).toBe(0);
    expect(performance.now() - started).toBeLessThan(timeoutMs);
    expect(await probe({ ...proxyEnv, TOOLBRIDGE_PORT: String(await unusedPort()) })).toBe(1);
  });

  it('STOPSIGNAL (SIGTERM) drains and exits 0 within a few seconds', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const signal = (lastOf(runtime.stage, 'STOPSIGNAL')?.args.trim() ?? 'SIGTERM') as NodeJS.Signals;
    expect(signal).toBe('SIGTERM');
    const started = performance.now();
    child!.kill(signal);
    const result = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000))]);
    expect(result).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(childOutput).toContain('"msg":"draining"');
    expect(childOutput).toContain('"msg":"proxy stopped"');
    expect(childOutput).not.toContain(proxyEnv.TOOLBRIDGE_TENANT_HEADER_SECRET);
  });
});
