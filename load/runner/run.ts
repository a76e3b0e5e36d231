/**
 * Runs the built-in engine on a worker thread: the load generator gets an event loop (and a core) of its own.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineOptions, EngineResult, Progress } from './engine.js';

type WorkerMessage =
  | { readonly kind: 'progress'; readonly progress: Progress }
  | { readonly kind: 'clock' }
  | { readonly kind: 'result'; readonly result: EngineResult }
  | { readonly kind: 'error'; readonly message: string };

function tsxEsmApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // runners that do not provide import.meta.resolve: the package's ESM build next to its CommonJS one
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  }
}

/**
 * The worker's entry. Compiled, it is worker.js. As TypeScript (under tsx or vitest) a worker does not inherit the
 * TypeScript loader, so a small bootstrap registers tsx in the worker and then imports worker.ts.
 */
function startWorker(options: EngineOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: options });
  const tsxApi = tsxEsmApi();
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: options, execArgv: [] });
}

/** `onClockStart`: the measured window begins (after the VUs' handshakes when `handshakesFirst`). */
export function runInWorker(options: EngineOptions, onProgress?: (progress: Progress) => void, onClockStart?: () => void): Promise<EngineResult> {
  return new Promise<EngineResult>((resolve, reject) => {
    const worker = startWorker(options);
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else if (message.kind === 'clock') onClockStart?.();
      else if (message.kind === 'result') {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the load worker exited with code ${code} before reporting`));
    });
  });
}
