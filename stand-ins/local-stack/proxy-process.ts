/**
 * The MCP proxy in a process of its own, configured by environment variables exactly as a deployment runs it: its
 * CPU, memory and event loop are its own, so load on the local stack measures it as deployed (and its peak RSS
 * can be read). Its JSON logs go to a file, written by the kernel, not piped through the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { imageRuntimeEnv } from '../../deploy/image-env.js';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProxyProcessOptions {
  /**
   * TOOLBRIDGE_* variables (the proxy's whole configuration). The log level must include `info`: the port is read
   * from the `proxy listening` line.
   */
  readonly env: Readonly<Record<string, string>>;
  /** where stdout/stderr (the JSON logs) go */
  readonly logFile: string;
  /**
   * `tsx`: run proxy/main.ts through tsx (starts at once); `compiled`: run main.js of a `tsc -p tsconfig.build.json`
   * output folder, as the Docker image does (`node dist/proxy/main.js`)
   */
  readonly runtime: { readonly kind: 'tsx' } | { readonly kind: 'compiled'; readonly outDir: string };
  /** extra node flags, e.g. --cpu-prof */
  readonly nodeFlags?: readonly string[];
  readonly startTimeoutMs?: number;
}

export interface ProxyProcess {
  readonly url: string;
  readonly pid: number;
  /** resident set size now and the peak so far (Linux /proc; undefined elsewhere) */
  memory(): { readonly rssMb: number; readonly peakRssMb: number } | undefined;
  /** user+system CPU time used so far, ms (Linux /proc; undefined elsewhere) */
  cpuMs(): number | undefined;
  /** SIGTERM (the proxy drains), SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Where the load tools compile the proxy: inside the repository (git-ignored), so the compiled proxy resolves
 * node_modules and package.json as dist/ does. One folder per tool, so a bench and a load run can build at once.
 */
export const proxyBuildDir = (tool: 'bench' | 'load') => fileURLToPath(new URL(`../../reports/out/.build/proxy-${tool}`, import.meta.url));

/** Compiles contract/ and proxy/ with the production build config into `outDir` (as `npm run build` does into dist/). */
export async function buildProxy(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the proxy failed (tsc exit ${code}):\n${output.slice(0, 2000)}`))));
  });
}

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function procCpuMs(pid: number): number | undefined {
  try {
    // fields after the command name (which may contain spaces, so split after its closing parenthesis)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The port from the service's `… listening` JSON log line. */
function listeningPort(logFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.includes(' listening')) continue;
    try {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') return port;
    } catch {
      // a partial line: read again
    }
  }
  return undefined;
}

function tail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no output)';
  }
}

export function startProxyProcess(options: ProxyProcessOptions): Promise<ProxyProcess> {
  const flags = [...(options.nodeFlags ?? [])];
  const args =
    options.runtime.kind === 'tsx'
      ? [...flags, '--import', 'tsx', fileURLToPath(new URL('../../proxy/main.ts', import.meta.url))]
      : [...flags, `${options.runtime.outDir}/proxy/main.js`];
  return startService('the proxy', args, options);
}

/**
 * The bench's pass-through (stand-ins/pass-through) in a process of its own, in the image's runtime environment
 * as the proxy is, so their CPU per call compares like with like.
 */
export function startPassThroughProcess(options: { readonly upstreamUrl: string; readonly logFile: string; readonly connections?: number }): Promise<ProxyProcess> {
  const args = ['--import', 'tsx', fileURLToPath(new URL('../pass-through/main.ts', import.meta.url))];
  const env = { PASS_THROUGH_UPSTREAM: options.upstreamUrl, ...(options.connections ? { PASS_THROUGH_CONNECTIONS: String(options.connections) } : {}) };
  return startService('the pass-through', args, { env, logFile: options.logFile });
}

async function startService(
  name: string,
  args: readonly string[],
  options: Pick<ProxyProcessOptions, 'env' | 'logFile' | 'startTimeoutMs'>,
): Promise<ProxyProcess> {
  await mkdir(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'w');
  // the image's own runtime environment (NODE_ENV, NODE_OPTIONS), so the service runs as the proxy does in production
  const env: Record<string, string> = { ...imageRuntimeEnv(), ...options.env };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...args], { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : null);
      resolve();
    });
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let port: number | undefined;
  while (port === undefined) {
    if (exited !== undefined) throw new Error(`${name} exited (${exited}) while starting:\n${tail(options.logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${tail(options.logFile)}`);
    }
    await sleep(50);
    port = listeningPort(options.logFile);
  }
  const pid = child.pid!;
  let peakKb = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    memory() {
      const rss = procStatusKb(pid, 'VmRSS');
      const hwm = procStatusKb(pid, 'VmHWM');
      if (rss === undefined) return peakKb > 0 ? { rssMb: 0, peakRssMb: Math.round(peakKb / 102.4) / 10 } : undefined;
      peakKb = Math.max(peakKb, hwm ?? rss, rss);
      return { rssMb: Math.round(rss / 102.4) / 10, peakRssMb: Math.round(peakKb / 102.4) / 10 };
    },
    cpuMs: () => procCpuMs(pid),
    async stop(graceMs = 10_000) {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
