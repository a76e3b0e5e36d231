/**
 * Our rules for Dockerfile.mcp-only and its .dockerignore, in the spirit of hadolint (rule ids DLxxxx are hadolint's;
 * TBxxx are this project's, DIxxx are about the build context). The file is read by dockerfile-ast (dockerfile.ts) and
 * the context by Docker's own matching rules (dockerignore.ts); this module holds only the rules.
 *
 * Deployment tooling only: no proxy code imports this module.
 */
import { runInNewContext } from 'node:vm';
import { parseDockerfile, parseImageRef, type Dockerfile, type Instruction } from './dockerfile.js';
import { buildContext } from './dockerignore.js';

/** Every rule this checker applies; each one is shown failing in dockerfile.test.ts. */
export const RULES = {
  DL3000: 'WORKDIR is an absolute path',
  DL3002: 'the final stage runs as a non-root USER',
  DL3006: 'every base image has an explicit tag',
  DL3007: 'no base image uses the latest tag',
  DL3020: 'COPY, never ADD',
  DL3025: 'CMD and ENTRYPOINT use the JSON (exec) form',
  TB001: 'base images are pinned to a full major.minor.patch version',
  TB002: 'the runtime stage uses a slim base image',
  TB003: 'multi-stage build: the runtime stage copies the build output from an earlier stage',
  TB004: 'the runtime stage installs with `npm ci --omit=dev`',
  TB005: "HEALTHCHECK probes the proxy's liveness route with node's fetch",
  TB006: "EXPOSE is exactly the proxy's default port",
  TB007: 'no ARG/ENV is a secret by name or by value',
  TB008: 'CMD starts node directly',
  TB009: 'NODE_ENV=production in the runtime stage',
  TB010: 'STOPSIGNAL is a signal the proxy drains on',
  DI001: '.dockerignore excludes .git, node_modules and .env* files',
  DI002: '.dockerignore keeps every path a COPY needs',
} as const;

export type RuleId = keyof typeof RULES;

export interface Finding {
  /** hadolint id (DLxxxx), project id (TBxxx) or .dockerignore id (DIxxx) */
  readonly rule: RuleId;
  readonly line: number;
  readonly message: string;
}

export interface LintOptions {
  /** the port the proxy listens on by default (from `loadProxyConfig`) */
  readonly expectedPort: number;
  /** signals the proxy handles gracefully (proxy/main.ts) */
  readonly handledSignals: readonly string[];
}

/** Names that look like credentials (Docker's build check SecretsUsedInArgOrEnv uses a similar list). */
export const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|PRIVATE/i;

/** Values that are credentials whatever their variable is called. */
const CREDENTIAL_VALUES: readonly [string, RegExp][] = [
  ['a JWT', /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./],
  ['a PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ['an API key', /\bsk-[A-Za-z0-9_-]{20,}\b/],
  ['a long hex string (a generated secret?)', /(?<!sha256:)\b[0-9a-fA-F]{32,}\b/],
  ['credentials in a URL', /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

export function credentialKind(value: string): string | undefined {
  return CREDENTIAL_VALUES.find(([, re]) => re.test(value))?.[0];
}

const ROOT_USERS = new Set(['root', '0', 'root:root', '0:0']);

/**
 * Evaluates a `node -e` health-check script with a stub `fetch` and an empty environment, and returns the URL it
 * requests (our own Dockerfile's content; a short timeout guards against a runaway script).
 */
export function healthcheckUrl(script: string): string | undefined {
  let requested: string | undefined;
  try {
    runInNewContext(
      script,
      {
        fetch: (url: unknown) => {
          requested = String(url);
          return new Promise(() => undefined);
        },
        process: { env: {}, exit: () => undefined },
        AbortSignal: { timeout: () => undefined },
      },
      { timeout: 500 },
    );
  } catch {
    return requested;
  }
  return requested;
}

export function lintDockerfile(text: string, options: LintOptions): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: RuleId, line: number, message: string) => findings.push({ rule, line, message });
  const file = parseDockerfile(text);
  const stageNames = new Set<string>();
  const final = file.stages[file.stages.length - 1];
  if (!final) {
    add('TB003', 1, 'no FROM: not a Dockerfile');
    return findings;
  }

  for (const stage of file.stages) {
    const ref = stage.resolvedImage;
    const isStage = stageNames.has(stage.image.toLowerCase());
    if (!isStage && stage.image !== 'scratch') {
      if (ref === undefined) {
        add('DL3006', stage.line, `DL3006: FROM ${stage.image}: a build arg in the image has no default, so the tag is not pinned`);
      } else {
        const { tag, digest } = parseImageRef(ref);
        if (tag === undefined && digest === undefined) add('DL3006', stage.line, `DL3006: always tag the image explicitly (FROM ${ref})`);
        if (tag === 'latest') add('DL3007', stage.line, `DL3007: using the latest tag is prone to errors; pin a version (FROM ${ref})`);
        else if (tag !== undefined && digest === undefined && !/^\d+\.\d+\.\d+(?:-|$)/.test(tag)) {
          add('TB001', stage.line, `TB001: pin the base image to a full version (major.minor.patch), not "${tag}"`);
        }
      }
    }
    if (stage.name) stageNames.add(stage.name);
  }
  if (final.resolvedImage !== undefined && !stageNames.has(final.image.toLowerCase())) {
    const tag = parseImageRef(final.resolvedImage).tag ?? '';
    if (!/(^|-)slim(-|$)/.test(tag) && !/distroless/.test(final.resolvedImage)) {
      add('TB002', final.line, `TB002: the runtime stage should use a slim base image, not "${final.resolvedImage}"`);
    }
  }

  for (const ins of file.instructions) {
    switch (ins.keyword) {
      case 'ADD':
        add('DL3020', ins.line, 'DL3020: use COPY instead of ADD for files and folders');
        break;
      case 'WORKDIR':
        if (!ins.args.startsWith('/') && !ins.args.startsWith('$')) add('DL3000', ins.line, `DL3000: use an absolute WORKDIR, not "${ins.args}"`);
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        if (!ins.exec) add('DL3025', ins.line, `DL3025: use the JSON (exec) form for ${ins.keyword}, so signals reach the process`);
        break;
      case 'ARG':
      case 'ENV':
        for (const [name, value] of ins.declarations) checkSecret(add, ins, ins.keyword, name, value);
        break;
      default:
        break;
    }
  }

  // multi-stage: a separate runtime stage that takes the build output from an earlier stage
  const copiesFromEarlier = final.instructions.some((i) => i.keyword === 'COPY' && i.flags.has('from'));
  if (file.stages.length < 2 || !copiesFromEarlier) {
    add('TB003', final.line, 'TB003: use a multi-stage build: compile in a builder stage, COPY --from it into a separate runtime stage');
  }

  // last USER of the final stage
  const users = final.instructions.filter((i) => i.keyword === 'USER');
  const lastUser = users[users.length - 1];
  if (!lastUser) add('DL3002', final.line, 'DL3002: the final stage has no USER, so the container runs as root (use USER node)');
  else if (ROOT_USERS.has(lastUser.args.trim())) add('DL3002', lastUser.line, 'DL3002: last USER should not be root');

  // production-only dependencies in the runtime stage
  const runs = final.instructions.filter((i) => i.keyword === 'RUN');
  const npmCi = runs.find((i) => /\bnpm\s+ci\b/.test(i.args));
  if (runs.some((i) => /\bnpm\s+(install|i)\b/.test(i.args))) {
    add('TB004', final.line, 'TB004: the runtime stage must install with `npm ci` (lock file), not `npm install`');
  }
  if (!npmCi || !/\bnpm\s+ci\b[^&;|]*--omit=dev\b/.test(npmCi.args)) {
    add('TB004', npmCi?.line ?? final.line, 'TB004: the runtime stage must run `npm ci --omit=dev` (no dev dependencies in the image)');
  }

  // HEALTHCHECK with node's fetch on /
  const healthchecks = final.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (!healthcheck) add('TB005', final.line, 'TB005: the runtime stage has no HEALTHCHECK');
  else {
    const cmd = healthcheck.exec;
    if ((healthcheck.words[0] ?? '').toUpperCase() === 'NONE') add('TB005', healthcheck.line, 'TB005: HEALTHCHECK NONE disables the health check');
    else if (!cmd) add('TB005', healthcheck.line, 'TB005: HEALTHCHECK must use the exec form: CMD ["node", "-e", "fetch(...)"]');
    else if (cmd[0] !== 'node' || cmd[1] !== '-e' || !cmd[2]?.includes('fetch(')) {
      add('TB005', healthcheck.line, 'TB005: HEALTHCHECK must probe with node\'s built-in fetch (slim images have no curl or wget)');
    } else {
      const url = healthcheckUrl(cmd[2]);
      const expected = [`http://127.0.0.1:${options.expectedPort}/`, `http://localhost:${options.expectedPort}/`];
      if (url === undefined || !expected.includes(url)) {
        add('TB005', healthcheck.line, `TB005: HEALTHCHECK must GET ${expected[0]} (the proxy's liveness route on its default port), got ${url ?? 'no request'}`);
      }
    }
  }

  // EXPOSE equals the proxy's default port
  const exposed = final.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.words.map((p) => p.replace(/\/tcp$/, '')));
  if (!exposed.includes(String(options.expectedPort)) || exposed.length !== 1) {
    add('TB006', final.line, `TB006: EXPOSE exactly the proxy's default port ${options.expectedPort} (found: ${exposed.join(', ') || 'none'})`);
  }

  // the process: node directly, production mode, a stop signal it handles
  const cmds = final.instructions.filter((i) => i.keyword === 'CMD');
  const cmd = cmds[cmds.length - 1];
  const entrypoint = final.instructions.some((i) => i.keyword === 'ENTRYPOINT');
  const argv = cmd?.exec;
  if (!cmd) add('TB008', final.line, 'TB008: the runtime stage has no CMD');
  else if (entrypoint || argv?.[0] !== 'node' || !argv[1]?.endsWith('.js')) {
    add('TB008', cmd.line, 'TB008: CMD must start node directly (["node", "dist/proxy/main.js"]): npm/sh wrappers do not forward SIGTERM');
  }
  const nodeEnv = final.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => i.declarations)
    .filter(([name]) => name === 'NODE_ENV')
    .pop();
  if (nodeEnv?.[1] !== 'production') add('TB009', final.line, 'TB009: set ENV NODE_ENV=production in the runtime stage');
  const stopSignals = final.instructions.filter((i) => i.keyword === 'STOPSIGNAL');
  const stop = stopSignals[stopSignals.length - 1];
  if (!stop || !options.handledSignals.includes(stop.args.trim().toUpperCase())) {
    add('TB010', stop?.line ?? final.line, `TB010: STOPSIGNAL must be one the proxy drains on (${options.handledSignals.join(' or ')}), found ${stop?.args.trim() ?? 'none'}`);
  }

  return findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

function checkSecret(
  add: (rule: RuleId, line: number, message: string) => void,
  ins: Instruction,
  kind: string,
  name: string,
  value: string | undefined,
): void {
  if (SECRET_NAME.test(name)) {
    add('TB007', ins.line, `TB007: ${kind} ${name} looks like a secret: ${kind} values are stored in the image history (Docker check SecretsUsedInArgOrEnv); pass it at run time`);
    return;
  }
  const what = value ? credentialKind(value) : undefined;
  if (what) add('TB007', ins.line, `TB007: ${kind} ${name} holds what looks like ${what}; never bake credentials into the image`);
}

// ---------------------------------------------------------------------------------------------------------------
// build context

/** Paths that must never be sent to the builder, at the root and nested. */
export const MUST_EXCLUDE: readonly string[] = [
  '.git',
  '.git/config',
  'node_modules',
  'node_modules/typescript/package.json',
  'proxy/node_modules/x/index.js',
  '.env',
  '.env.local',
  '.env.production',
  'proxy/.env',
];

/**
 * Checks the .dockerignore against the Dockerfile: .git, node_modules and .env* files are excluded (DI001), and
 * nothing a build-context COPY needs is excluded (DI002).
 */
export function lintDockerignore(ignoreText: string, dockerfileText: string): Finding[] {
  const findings: Finding[] = [];
  const context = buildContext(ignoreText);
  for (const path of MUST_EXCLUDE) {
    if (!context.ignores(path)) findings.push({ rule: 'DI001', line: 0, message: `DI001: .dockerignore does not exclude ${path}` });
  }
  for (const source of contextCopySources(parseDockerfile(dockerfileText))) {
    if (context.ignores(source.path)) {
      findings.push({ rule: 'DI002', line: source.line, message: `DI002: COPY ${source.path} needs a path that .dockerignore excludes` });
    }
  }
  return findings;
}

/** Sources of every COPY that reads the build context (not `--from` another stage). */
export function contextCopySources(file: Dockerfile): { path: string; line: number; stage: number }[] {
  const sources: { path: string; line: number; stage: number }[] = [];
  for (const ins of file.instructions) {
    if (ins.keyword !== 'COPY') continue;
    if (ins.flags.has('from')) continue;
    const parts = ins.exec ?? ins.words;
    for (const path of parts.slice(0, -1)) sources.push({ path, line: ins.line, stage: ins.stage });
  }
  return sources;
}
