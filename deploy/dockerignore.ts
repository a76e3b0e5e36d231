/**
 * The Docker build context: which paths `.dockerignore` keeps out, by @balena/dockerignore (a port of Docker's own
 * matcher: last matching pattern wins, `!` lets a path back in, a matched directory takes everything below it).
 */
import dockerignoreModule from '@balena/dockerignore';

// a CommonJS module whose types declare an ES default export: the factory is both module.exports and its .default
const dockerignore = dockerignoreModule.default;

export interface BuildContext {
  /** whether `path` (relative to the context root, `/`-separated) is left out of the context */
  ignores(path: string): boolean;
}

export function buildContext(dockerignoreText: string): BuildContext {
  const matcher = dockerignore().add(dockerignoreText.split(/\r?\n/));
  return { ignores: (path) => matcher.ignores(path.replace(/^\.?\//, '').replace(/\/+$/, '')) };
}
