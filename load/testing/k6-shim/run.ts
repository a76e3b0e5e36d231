/**
 * Runs one of the k6 scripts under the k6 shim on a worker thread (its HTTP is synchronous, as in k6, so it must
 * not block the thread that serves the local stack).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ShimRun {
  readonly options: {
    scenarios: Record<string, { vus?: number; duration?: string; executor: string; gracefulStop?: string; [option: string]: unknown }>;
    thresholds: Record<string, string[]>;
    summaryTrendStats: string[];
  };
  readonly stdout: string;
  readonly files: string[];
  readonly checks: { readonly passed: number; readonly failed: string[] };
  readonly requests: { method: string; url: string; name: string; headers: Record<string, string> }[];
  readonly tokens: string[];
}

export function runK6ScriptInShim(job: { script: string; env: Record<string, string>; vus: number; iterations: number; jsonOut?: string }): Promise<ShimRun> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const hooks = new URL('./hooks.mjs', import.meta.url).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `
    import(${JSON.stringify(tsx)}).then(async (api) => {
      api.register();
      (await import('node:module')).register(${JSON.stringify(hooks)});
      await import(${JSON.stringify(entry)});
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: { ...job, script: pathToFileURL(job.script).href } });
    worker.once('message', (message: { ok: boolean; result?: ShimRun; error?: string }) => {
      void worker.terminate();
      if (message.ok) resolve(message.result!);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}
