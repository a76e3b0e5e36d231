/**
 * The environment the image gives the proxy: the ENV instructions of the Dockerfile's final stage. Benchmarks and
 * tests that run the built proxy use it, so they run it as the image does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from './dockerfile.js';

const DOCKERFILE = fileURLToPath(new URL('../Dockerfile.mcp-only', import.meta.url));

export function imageRuntimeEnv(dockerfile = readFileSync(DOCKERFILE, 'utf8')): Record<string, string> {
  const stages = parseDockerfile(dockerfile).stages;
  const runtime = stages[stages.length - 1];
  if (!runtime) throw new Error('Dockerfile.mcp-only has no stage');
  return Object.fromEntries(runtime.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => i.declarations.map(([name, value]) => [name, value ?? ''])));
}
