/**
 * Worker-thread entry of the built-in engine: the load generator gets an event loop (and a core) of its own, so it
 * does not queue behind the servers of an in-process local stack.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runEngine, type EngineOptions } from './engine.js';

const port = parentPort;
if (!port) throw new Error('load/runner/worker.ts runs as a worker thread only');

runEngine(
  workerData as EngineOptions,
  (progress) => port.postMessage({ kind: 'progress', progress }),
  () => port.postMessage({ kind: 'clock' }),
).then(
  (result) => port.postMessage({ kind: 'result', result }),
  (error: unknown) => port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
);
