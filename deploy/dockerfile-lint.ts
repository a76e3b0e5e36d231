/**
 * A small Dockerfile parser and rule checker for Dockerfile.mcp-only, in the spirit of hadolint (rule ids DLxxxx are
 * hadolint's; TBxxx are this project's, DIxxx are about .dockerignore). It understands what the image file uses:
 * parser directives, comments, line continuations, ARG/FROM variable substitution, stages, exec (JSON) and shell
 * forms, and instruction flags. Heredocs (`RUN <<EOF`) are not supported and are reported as a parse error.
 *
 * Deployment tooling only: no proxy code imports this module.
 */
import { runInNewContext } from 'node:vm';

export interface Instruction {
  /** upper-case keyword, e.g. `RUN` */
  readonly keyword: string;
  /** argument text after the keyword, continuation lines joined */
  readonly args: string;
  /** 1-based line where the instruction starts */
  readonly line: number;
  /** index of the stage it belongs to; -1 for ARGs before the first FROM */
  readonly stage: number;
}

export interface Stage {
  readonly index: number;
  readonly name: string | undefined;
  /** image reference as written (`node:${NODE_VERSION}-slim`) */
  readonly image: string;
  /** image reference with build args substituted by their defaults; undefined when a variable has no value */
  readonly resolvedImage: string | undefined;
  readonly line: number;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** ARGs declared before the first FROM, with their defaults */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
}

export class DockerfileParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'DockerfileParseError';
  }
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let index = 0;
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  for (; index < lines.length; index++) {
    const match = DIRECTIVE.exec(lines[index] ?? '');
    if (!match) break;
    if (match[1]!.toLowerCase() === 'escape') {
      if (match[2] !== '\\' && match[2] !== '`') throw new DockerfileParseError(index + 1, `invalid escape directive "${match[2]}"`);
      escape = match[2];
    }
  }

  const raw: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    // Comment lines are dropped, also between continuation lines; blank lines inside a continuation are skipped.
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = line.replace(/\s+$/, '');
    const continues = body.endsWith(escape);
    const piece = continues ? body.slice(0, -escape.length) : body;
    if (current) current.text += piece;
    else current = { text: piece.replace(/^\s+/, ''), line: index + 1 };
    if (!continues) {
      raw.push(current);
      current = undefined;
    }
  }
  if (current) raw.push(current); // a trailing continuation ends with the file

  const instructions: Instruction[] = [];
  const stages: { index: number; name: string | undefined; image: string; resolvedImage: string | undefined; line: number; instructions: Instruction[] }[] =
    [];
  const globalArgs = new Map<string, string | undefined>();
  for (const { text: body, line } of raw) {
    const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(body);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const args = (match[2] ?? '').trim();
    if (/<<-?\s*["']?[A-Za-z_][A-Za-z0-9_]*["']?/.test(args) && (keyword === 'RUN' || keyword === 'COPY')) {
      throw new DockerfileParseError(line, 'heredocs are not supported by this checker');
    }
    if (keyword === 'FROM') {
      const { positional } = splitFlags(args);
      const image = positional[0];
      if (image === undefined) throw new DockerfileParseError(line, 'FROM without an image');
      const asIndex = positional.findIndex((t) => t.toUpperCase() === 'AS');
      const name = asIndex >= 0 ? positional[asIndex + 1]?.toLowerCase() : undefined;
      stages.push({ index: stages.length, name, image, resolvedImage: substitute(image, globalArgs), line, instructions: [] });
    }
    const stage = stages.length - 1;
    const instruction: Instruction = { keyword, args, line, stage };
    instructions.push(instruction);
    if (stage >= 0) stages[stage]!.instructions.push(instruction);
    else if (keyword === 'ARG') {
      for (const [name, value] of parseArgDeclarations(args)) globalArgs.set(name, value);
    } else {
      throw new DockerfileParseError(line, `${keyword} before the first FROM (only ARG may come first)`);
    }
  }
  return { instructions, stages, globalArgs };
}

/** Shell-like split on whitespace; quotes group (and are removed), a backslash escapes the next character. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inToken = true;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

/** Leading `--name[=value]` flags of an instruction, the raw text after them, and its positional tokens. */
export function splitFlags(args: string): { flags: Map<string, string>; rest: string; positional: string[] } {
  const match = /^((?:--[a-z-]+(?:=\S*)?\s+)*)([\s\S]*)$/.exec(args)!;
  const flags = new Map<string, string>();
  for (const token of tokenize(match[1]!)) {
    const eq = token.indexOf('=');
    flags.set(eq < 0 ? token.slice(2) : token.slice(2, eq), eq < 0 ? 'true' : token.slice(eq + 1));
  }
  return { flags, rest: match[2]!, positional: tokenize(match[2]!) };
}

/** The exec form (`["a", "b"]`) as an array, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function parseArgDeclarations(args: string): [string, string | undefined][] {
  return tokenize(args).map((token) => {
    const eq = token.indexOf('=');
    return eq < 0 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
  });
}

/** `ENV a=b c=d` (or the legacy `ENV a b`) as name/value pairs. */
export function parseEnvDeclarations(args: string): [string, string][] {
  const tokens = tokenize(args);
  if (tokens.length >= 2 && !tokens[0]!.includes('=')) {
    const legacy = /^(\S+)\s+([\s\S]*)$/.exec(args);
    return legacy ? [[legacy[1]!, legacy[2]!]] : [];
  }
  return tokens.map((token) => {
    const eq = token.indexOf('=');
    return eq < 0 ? [token, ''] : [token.slice(0, eq), token.slice(eq + 1)];
  });
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`; undefined when a variable has no value and no default. */
export function substitute(text: string, vars: ReadonlyMap<string, string | undefined>): string | undefined {
  let missing = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}

export interface ImageRef {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', slash + 1);
  return colon >= 0 ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest } : { name: rest, tag: undefined, digest };
}

// ---------------------------------------------------------------------------------------------------------------
// .dockerignore

interface IgnoreRule {
  readonly negate: boolean;
  readonly pattern: string;
  readonly regex: RegExp;
}

function globToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const next = pattern[i + 2];
        if (atStart && next === '/') {
          out += '(?:.*/)?'; // `**/` : any number of directories, including none
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    let entry = line.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const negate = entry.startsWith('!');
    if (negate) entry = entry.slice(1).trim();
    const pattern = cleanPath(entry);
    if (pattern === '') continue;
    rules.push({ negate, pattern, regex: globToRegex(pattern) });
  }
  return rules;
}

/**
 * Whether `path` (relative to the build context, `/`-separated) is left out of the context, following Docker's
 * rules: the last matching pattern decides, `!` re-includes, and a pattern matching a parent directory matches
 * everything below it.
 */
export function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  const clean = cleanPath(path);
  const candidates: string[] = [];
  const parts = clean.split('/');
  for (let i = 1; i <= parts.length; i++) candidates.push(parts.slice(0, i).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.regex.test(c))) ignored = !rule.negate;
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------------------------
// rules

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
        if (!execForm(ins.args)) add('DL3025', ins.line, `DL3025: use the JSON (exec) form for ${ins.keyword}, so signals reach the process`);
        break;
      case 'ARG':
        for (const [name, value] of parseArgDeclarations(ins.args)) checkSecret(add, ins, 'ARG', name, value);
        break;
      case 'ENV':
        for (const [name, value] of parseEnvDeclarations(ins.args)) checkSecret(add, ins, 'ENV', name, value);
        break;
      default:
        break;
    }
  }

  // multi-stage: a separate runtime stage that takes the build output from an earlier stage
  const copiesFromEarlier = final.instructions.some((i) => i.keyword === 'COPY' && splitFlags(i.args).flags.has('from'));
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
    const { positional, rest } = splitFlags(healthcheck.args);
    const cmd = /^CMD\s/i.test(rest) ? execForm(rest.slice(3).trim()) : undefined;
    if ((positional[0] ?? '').toUpperCase() === 'NONE') add('TB005', healthcheck.line, 'TB005: HEALTHCHECK NONE disables the health check');
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
  const exposed = final.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => tokenize(i.args).map((p) => p.replace(/\/tcp$/, '')));
  if (!exposed.includes(String(options.expectedPort)) || exposed.length !== 1) {
    add('TB006', final.line, `TB006: EXPOSE exactly the proxy's default port ${options.expectedPort} (found: ${exposed.join(', ') || 'none'})`);
  }

  // the process: node directly, production mode, a stop signal it handles
  const cmds = final.instructions.filter((i) => i.keyword === 'CMD');
  const cmd = cmds[cmds.length - 1];
  const entrypoint = final.instructions.some((i) => i.keyword === 'ENTRYPOINT');
  const argv = cmd ? execForm(cmd.args) : undefined;
  if (!cmd) add('TB008', final.line, 'TB008: the runtime stage has no CMD');
  else if (entrypoint || argv?.[0] !== 'node' || !argv[1]?.endsWith('.js')) {
    add('TB008', cmd.line, 'TB008: CMD must start node directly (["node", "dist/proxy/main.js"]): npm/sh wrappers do not forward SIGTERM');
  }
  const nodeEnv = final.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => parseEnvDeclarations(i.args))
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
  kind: 'ARG' | 'ENV',
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
  const rules = parseDockerignore(ignoreText);
  for (const path of MUST_EXCLUDE) {
    if (!isIgnored(rules, path)) findings.push({ rule: 'DI001', line: 0, message: `DI001: .dockerignore does not exclude ${path}` });
  }
  for (const source of contextCopySources(parseDockerfile(dockerfileText))) {
    if (isIgnored(rules, source.path)) {
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
    const { flags, rest, positional } = splitFlags(ins.args);
    if (flags.has('from')) continue;
    const parts = execForm(rest) ?? positional;
    for (const path of parts.slice(0, -1)) sources.push({ path, line: ins.line, stage: ins.stage });
  }
  return sources;
}
