import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerfileParseError, execForm, parseDockerfile } from './dockerfile.js';
import { RULES, contextCopySources, healthcheckUrl, lintDockerfile, lintDockerignore, type Finding, type LintOptions, type RuleId } from './dockerfile-lint.js';
import { buildContext } from './dockerignore.js';
import { REPO_ROOT, defaultProxyConfig, proxyShutdownSignals } from './proxy-facts.js';

const DOCKERFILE = readFileSync(join(REPO_ROOT, 'Dockerfile.mcp-only'), 'utf8');
const DOCKERIGNORE = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8');

/** What the image must agree with, taken from the proxy itself. */
const OPTIONS: LintOptions = { expectedPort: defaultProxyConfig().port, handledSignals: proxyShutdownSignals() };

const rulesOf = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();

/** The real Dockerfile with one change; fails loudly if the text to change is no longer there. */
function mutate(from: string | RegExp, to: string): string {
  const changed = DOCKERFILE.replace(from, to);
  if (changed === DOCKERFILE) throw new Error(`mutation target not found in Dockerfile.mcp-only: ${String(from)}`);
  return changed;
}

describe('Dockerfile view (dockerfile-ast)', () => {
  it('joins continuation lines, drops comments inside them, and records the starting line', () => {
    const file = parseDockerfile(
      ['FROM node:24.17.0-trixie-slim AS build', 'RUN npm ci \\', '  # a comment inside the continuation', '', ' && npm run build', 'CMD ["node", "x.js"]'].join('\n'),
    );
    const run = file.instructions.find((i) => i.keyword === 'RUN')!;
    expect(run.args).toBe('npm ci && npm run build');
    expect(run.line).toBe(2);
    expect(file.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'CMD']);
  });

  it('splits stages, names them, and resolves global ARG defaults in FROM', () => {
    const file = parseDockerfile(DOCKERFILE);
    expect(file.stages.map((s) => s.name)).toEqual(['builder', 'runtime']);
    expect(file.globalArgs.get('NODE_VERSION')).toMatch(/^\d+\.\d+\.\d+$/);
    for (const stage of file.stages) expect(stage.resolvedImage).toBe(`node:${file.globalArgs.get('NODE_VERSION')}-trixie-slim`);
    const unresolved = parseDockerfile('ARG V\nFROM node:${V}-slim\n');
    expect(unresolved.stages[0]!.resolvedImage).toBeUndefined();
    expect(parseDockerfile('ARG V\nFROM node:${V:-24.1.0}-slim\n').stages[0]!.resolvedImage).toBe('node:24.1.0-slim');
  });

  it('reads flags, declarations and the exec form, of HEALTHCHECK too', () => {
    const file = parseDockerfile(DOCKERFILE);
    const copy = file.instructions.find((i) => i.keyword === 'COPY' && i.flags.has('from'))!;
    expect(copy.flags.get('from')).toBe('builder');
    expect(file.instructions.find((i) => i.keyword === 'CMD')!.exec).toEqual(['node', 'dist/proxy/main.js']);
    const healthcheck = file.instructions.find((i) => i.keyword === 'HEALTHCHECK')!;
    expect(healthcheck.flags.get('timeout')).toBe('5s');
    expect(healthcheck.exec?.slice(0, 2)).toEqual(['node', '-e']);
    expect(file.instructions.find((i) => i.keyword === 'ENV')!.declarations).toContainEqual(['NODE_ENV', 'production']);
  });

  it('honours the escape directive and tells the exec form from the shell form', () => {
    const file = parseDockerfile('# escape=`\nFROM scratch\nRUN a `\n  b\n');
    expect(file.instructions[1]!.args).toBe('a b');
    expect(execForm('["node", "dist/proxy/main.js"]')).toEqual(['node', 'dist/proxy/main.js']);
    expect(execForm('node dist/proxy/main.js')).toBeUndefined();
    expect(execForm('["node", 1]')).toBeUndefined();
  });

  it('refuses instructions before the first FROM other than ARG', () => {
    expect(() => parseDockerfile('RUN echo hi\nFROM node:24.17.0-slim\n')).toThrow(DockerfileParseError);
  });

  it('lists the build-context sources of every COPY, not those copied from another stage', () => {
    const sources = contextCopySources(parseDockerfile(DOCKERFILE)).map((s) => s.path);
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.build.json', 'contract/', 'proxy/']));
    expect(sources).not.toContain('/app/dist');
  });

  it('evaluates the health-check script to the URL it requests', () => {
    expect(healthcheckUrl("fetch('http://127.0.0.1:'+(process.env.TOOLBRIDGE_PORT||8001)+'/')")).toBe('http://127.0.0.1:8001/');
    expect(healthcheckUrl('process.exit(0)')).toBeUndefined();
  });
});

describe('.dockerignore matching (Docker semantics, @balena/dockerignore)', () => {
  const context = buildContext('**/node_modules\n**/.env*\n*.md\nsecrets/\n!secrets/public.txt\n');
  it.each([
    ['node_modules/x/package.json', true],
    ['proxy/node_modules/x.js', true],
    ['.env', true],
    ['proxy/.env.production', true],
    ['README.md', true],
    ['docs/GUIDE.md', false], // `*.md` matches at the root only
    ['secrets/key.pem', true],
    ['secrets/public.txt', false], // re-included by `!`
    ['proxy/main.ts', false],
  ])('%s ignored: %s', (path, ignored) => {
    expect(context.ignores(path)).toBe(ignored);
  });
});

describe('Dockerfile.mcp-only', () => {
  it('agrees with the proxy: default port and shutdown signals come from proxy/config.ts and proxy/main.ts', () => {
    expect(OPTIONS.expectedPort).toBe(8001);
    expect(OPTIONS.handledSignals).toEqual(expect.arrayContaining(['SIGTERM', 'SIGINT']));
  });

  it('passes every rule', () => {
    expect(lintDockerfile(DOCKERFILE, OPTIONS)).toEqual([]);
  });

  it('.dockerignore passes every rule', () => {
    expect(lintDockerignore(DOCKERIGNORE, DOCKERFILE)).toEqual([]);
  });

  it('.dockerignore keeps the test suite, the deployment tooling and local files out of the image', () => {
    const context = buildContext(DOCKERIGNORE);
    for (const path of ['proxy/config.test.ts', 'proxy/testing/mcp-client.ts', 'deploy/dockerfile-lint.ts', 'defects/proxy/catalogue.ts', 'stand-ins/go-api/main.ts', 'framework/checks/define.ts', 'dist/proxy/main.js', 'scratch/x.mts', 'reports/out/r.json', '.git/config', 'proxy/.env']) {
      expect(context.ignores(path), path).toBe(true);
    }
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'proxy/main.ts', 'contract/entities.ts']) {
      expect(context.ignores(path), path).toBe(false);
    }
  });
});

/** One defect each, applied to the real Dockerfile: the named rule must fire. */
const BROKEN: readonly { rule: RuleId; defect: string; text: () => string }[] = [
  { rule: 'DL3006', defect: 'untagged runtime image', text: () => mutate(/FROM node:\$\{NODE_VERSION\}-trixie-slim AS runtime/, 'FROM node AS runtime') },
  { rule: 'DL3006', defect: 'version ARG without a default', text: () => mutate(/ARG NODE_VERSION=\S+/, 'ARG NODE_VERSION') },
  { rule: 'DL3007', defect: 'latest tag', text: () => mutate(/FROM node:\$\{NODE_VERSION\}-trixie-slim AS builder/, 'FROM node:latest AS builder') },
  { rule: 'TB001', defect: 'major-only version', text: () => mutate(/ARG NODE_VERSION=\S+/, 'ARG NODE_VERSION=24') },
  { rule: 'TB002', defect: 'full (non-slim) runtime base', text: () => mutate(/-trixie-slim AS runtime/, '-trixie AS runtime') },
  { rule: 'DL3002', defect: 'USER root', text: () => mutate(/^USER node$/m, 'USER root') },
  { rule: 'DL3002', defect: 'no USER at all', text: () => mutate(/^USER node\n/m, '') },
  { rule: 'DL3025', defect: 'shell-form CMD', text: () => mutate(/^CMD \[.*\]$/m, 'CMD node dist/proxy/main.js') },
  { rule: 'DL3020', defect: 'ADD instead of COPY', text: () => mutate(/^COPY tsconfig/m, 'ADD tsconfig') },
  { rule: 'DL3000', defect: 'relative WORKDIR', text: () => mutate(/^WORKDIR \/app$/m, 'WORKDIR app') },
  {
    rule: 'TB003',
    defect: 'runtime stage does not copy from the builder',
    text: () => mutate(/^COPY --from=builder \/app\/dist \.\/dist$/m, 'COPY dist/ ./dist/'),
  },
  { rule: 'TB004', defect: 'dev dependencies installed', text: () => mutate('npm ci --omit=dev', 'npm ci') },
  { rule: 'TB004', defect: 'npm install', text: () => mutate('npm ci --omit=dev', 'npm install --omit=dev') },
  { rule: 'TB005', defect: 'no HEALTHCHECK', text: () => mutate(/^HEALTHCHECK[^\n]*\n[^\n]*\n/m, '') },
  { rule: 'TB005', defect: 'HEALTHCHECK NONE', text: () => mutate(/^HEALTHCHECK[^\n]*\n[^\n]*\n/m, 'HEALTHCHECK NONE\n') },
  { rule: 'TB005', defect: 'curl (absent from slim images)', text: () => mutate(/CMD \["node", "-e", .*\]$/m, 'CMD ["curl", "-f", "http://127.0.0.1:8001/"]') },
  { rule: 'TB005', defect: 'probes /readyz (fails whenever Go is down)', text: () => mutate("+'/'", "+'/readyz'") },
  { rule: 'TB005', defect: 'wrong default port', text: () => mutate('TOOLBRIDGE_PORT||8001', 'TOOLBRIDGE_PORT||8080') },
  { rule: 'TB006', defect: 'EXPOSE another port', text: () => mutate(/^EXPOSE 8001$/m, 'EXPOSE 8080') },
  { rule: 'TB006', defect: 'no EXPOSE', text: () => mutate(/^EXPOSE 8001\n/m, '') },
  { rule: 'TB007', defect: 'secret-named ARG', text: () => mutate(/^ARG NODE_VERSION=/m, 'ARG NPM_TOKEN\nARG NODE_VERSION=') },
  {
    rule: 'TB007',
    defect: 'secret-named ENV',
    text: () => mutate('ENV NODE_ENV=production', `ENV NODE_ENV=production TOOLBRIDGE_TENANT_HEADER_SECRET=${'ab'.repeat(32)}`),
  },
  {
    rule: 'TB007',
    defect: 'credential in an innocently named ENV',
    text: () => mutate('ENV NODE_ENV=production', 'ENV NODE_ENV=production TOOLBRIDGE_GO_API_BASE_URL=https://admin:hunter2@go.example'),
  },
  {
    rule: 'TB007',
    defect: 'JWT in an ENV value',
    text: () => mutate('ENV NODE_ENV=production', 'ENV NODE_ENV=production DEFAULT_AUTH=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln'),
  },
  { rule: 'TB008', defect: 'npm start (swallows SIGTERM)', text: () => mutate(/^CMD \[.*\]$/m, 'CMD ["npm", "start"]') },
  { rule: 'TB009', defect: 'no NODE_ENV=production', text: () => mutate(/NODE_ENV=production /, '') },
  { rule: 'TB010', defect: 'STOPSIGNAL the proxy ignores', text: () => mutate(/^STOPSIGNAL SIGTERM$/m, 'STOPSIGNAL SIGQUIT') },
  { rule: 'TB010', defect: 'no STOPSIGNAL', text: () => mutate(/^STOPSIGNAL SIGTERM\n/m, '') },
];

describe('each Dockerfile rule fires on its defect', () => {
  it.each(BROKEN)('$rule: $defect', ({ rule, text }) => {
    const findings = lintDockerfile(text(), OPTIONS);
    expect(rulesOf(findings)).toContain(rule);
    for (const finding of findings) expect(finding.message.startsWith(`${finding.rule}:`), finding.message).toBe(true);
  });

  it('a small Dockerfile with every defect at once trips every Dockerfile rule', () => {
    const bad = ['FROM node', 'ADD . app', 'WORKDIR app', 'RUN npm install', 'ENV API_TOKEN=abc', 'HEALTHCHECK CMD curl -f http://localhost/', 'CMD npm start', ''].join('\n');
    const dockerfileRules = (Object.keys(RULES) as RuleId[]).filter((r) => !r.startsWith('DI') && r !== 'TB001' && r !== 'DL3007');
    expect(rulesOf(lintDockerfile(bad, OPTIONS))).toEqual(dockerfileRules.sort());
    expect(rulesOf(lintDockerfile(bad.replace('FROM node', 'FROM node:latest'), OPTIONS))).toContain('DL3007');
    expect(rulesOf(lintDockerfile(bad.replace('FROM node', 'FROM node:24-slim'), OPTIONS))).toContain('TB001');
  });
});

describe('each .dockerignore rule fires on its defect', () => {
  const ignoreWithout = (line: string) => {
    const changed = DOCKERIGNORE.replace(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`, 'm'), '');
    if (changed === DOCKERIGNORE) throw new Error(`line not found in .dockerignore: ${line}`);
    return changed;
  };
  it.each([
    ['*', '.git'],
    ['**/node_modules', 'proxy/node_modules/x/index.js'],
    ['**/.env*', 'proxy/.env'],
  ])('DI001 when "%s" is missing (%s gets sent to the builder)', (line, leaked) => {
    const findings = lintDockerignore(ignoreWithout(line), DOCKERFILE);
    expect(rulesOf(findings)).toEqual(['DI001']);
    expect(findings.map((f) => f.message)).toContain(`DI001: .dockerignore does not exclude ${leaked}`);
  });

  it('DI001 when only the root .env is excluded (nested and .env.* files leak)', () => {
    const findings = lintDockerignore(DOCKERIGNORE.replace('**/.env*', '.env'), DOCKERFILE);
    expect(findings.map((f) => f.message)).toEqual(
      expect.arrayContaining(['DI001: .dockerignore does not exclude proxy/.env']),
    );
  });

  it.each(['proxy', 'tsconfig*.json', 'contract/'])('DI002 when "%s" is excluded (a COPY would fail)', (pattern) => {
    expect(rulesOf(lintDockerignore(`${DOCKERIGNORE}\n${pattern}\n`, DOCKERFILE))).toEqual(['DI002']);
  });
});

describe('the rule catalogue', () => {
  it('every rule has at least one defect that trips it', () => {
    const shown = new Set<string>([...BROKEN.map((b) => b.rule), 'DI001', 'DI002']);
    expect(Object.keys(RULES).filter((r) => !shown.has(r))).toEqual([]);
  });
});
