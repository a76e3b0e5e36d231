/**
 * The pass-through in a process of its own (`npm run bench` measures its CPU beside the proxy's):
 *   PASS_THROUGH_UPSTREAM=http://127.0.0.1:8081 tsx stand-ins/pass-through/main.ts
 * Prints one JSON line `{"msg":"pass-through listening","port":…}`.
 */
import { z } from 'zod';
import { envConfigOrExit } from '../env-config.js';
import { startPassThrough } from './pass-through.js';

const config = envConfigOrExit(
  z.object({
    PASS_THROUGH_UPSTREAM: z.url({ error: 'must be the Go API base URL, e.g. http://127.0.0.1:8081' }),
    PASS_THROUGH_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
    PASS_THROUGH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
  }),
  'pass-through',
);

const passThrough = await startPassThrough({ upstreamUrl: config.PASS_THROUGH_UPSTREAM, port: config.PASS_THROUGH_PORT, connections: config.PASS_THROUGH_CONNECTIONS });
process.stdout.write(`${JSON.stringify({ msg: 'pass-through listening', port: Number(new URL(passThrough.url).port) })}\n`);
const stop = () => void passThrough.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
