/**
 * Keeps docs/architecture.md true: every import of every TypeScript file points down the layers that page's table
 * declares (and the rules it states for framework's sub-folders, for suites, and for tests).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ARCHITECTURE = readFileSync('docs/architecture.md', 'utf8');
const FRAMEWORK_ORDER = ['model', 'evidence', 'target', 'clients', 'checks', 'engines'];
/** what tests may import besides their folder's layers: the proxy under test and the test-support folders */
const TEST_SUPPORT = ['proxy', 'stand-ins', 'defects', 'proofs', 'fixtures'];

/** folder → folders it may import, from the table between the layers markers */
function layerTable(markdown: string): Map<string, string[]> {
  const block = /<!-- layers:begin -->([\s\S]*?)<!-- layers:end -->/.exec(markdown)?.[1] ?? '';
  const rows = block.split('\n').filter((line) => line.startsWith('| `'));
  return new Map(
    rows.map((row) => {
      const cells = row.split('|').map((cell) => cell.trim());
      const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      return [names(cells[1]!)[0]!, names(cells[3]!)];
    }),
  );
}

interface Import {
  readonly from: string;
  readonly to: string;
}

/** Relative imports (static, re-exports, dynamic, vi.mock) of tracked and new TypeScript files, resolved. */
function imports(files: readonly string[]): Import[] {
  return files.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bvi\.mock\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
    return specifiers.map((specifier) => ({ from: file, to: normalize(join(dirname(file), specifier)) }));
  });
}

const isTest = (file: string) => /\.test\.ts$/.test(file) || file.split('/').includes('testing');
const isSuiteProof = (file: string) => /(\.proof\.test|\/proofs)\.ts$/.test(file) || file.split('/').includes('proof');
const topOf = (path: string) => path.split('/')[0]!;
const covers = (allowed: string, path: string) => path === allowed || path.startsWith(`${allowed}/`);
/** suites/<name> or suites/security/<area>; undefined for files at the root of suites/ and suites/security/ */
function suiteOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[1] === 'security') return parts.length > 3 ? parts.slice(0, 3).join('/') : undefined;
  return parts.length > 2 ? parts.slice(0, 2).join('/') : undefined;
}

/** Why the import is not allowed, or undefined when it is. */
function violation(imp: Import, table: ReadonlyMap<string, readonly string[]>): string | undefined {
  const fromTop = topOf(imp.from);
  const toTop = topOf(imp.to);
  const allowed = table.get(fromTop);
  if (!allowed) return table.has(toTop) && imp.from.includes('/') ? `${fromTop}/ is not in the layer table` : undefined;
  if (!table.has(toTop)) return undefined; // root files (package.json, vitest configs)
  if (fromTop === toTop) {
    if (fromTop === 'framework') {
      const [a, b] = [imp.from.split('/')[1]!, imp.to.split('/')[1]!];
      if (a === 'testing' || isTest(imp.from)) return undefined;
      return FRAMEWORK_ORDER.indexOf(b) > FRAMEWORK_ORDER.indexOf(a) ? `framework/${a} may not import framework/${b} (a higher sub-layer)` : undefined;
    }
    if (fromTop === 'suites') {
      const [a, b] = [suiteOf(imp.from), suiteOf(imp.to)];
      if (a === undefined || b === undefined || a === b || b === 'suites/shared' || isTest(imp.from)) return undefined;
      return `${a} may not reach into ${b}: shared helpers belong in suites/shared`;
    }
    return undefined;
  }
  if (allowed.some((a) => covers(a, imp.to))) return undefined;
  if ((isTest(imp.from) || (fromTop === 'suites' && isSuiteProof(imp.from))) && (TEST_SUPPORT.includes(toTop) || covers('framework/testing', imp.to))) return undefined;
  if (isTest(imp.from) && allowed.includes(toTop)) return undefined;
  return `${fromTop} may not import ${toTop}`;
}

const FILES = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && !f.startsWith('node_modules/'));
const TABLE = layerTable(ARCHITECTURE);

describe('docs/architecture.md', () => {
  it('declares every top-level folder that holds TypeScript', () => {
    const folders = new Set(FILES.filter((f) => f.includes('/')).map(topOf));
    expect([...folders].filter((folder) => !TABLE.has(folder)).sort()).toEqual([]);
  });

  it('only names folders that exist', () => {
    const folders = new Set(FILES.map(topOf));
    const named = [...TABLE.entries()].flatMap(([folder, allowed]) => [folder, ...allowed.map(topOf)]);
    expect(named.filter((folder) => !folders.has(folder))).toEqual([]);
  });
});

describe('imports point down the layers', () => {
  it('no import points up a layer, across a suite, or from a check into the proof kit', () => {
    const wrong = imports(FILES)
      .map((imp) => ({ imp, why: violation(imp, TABLE) }))
      .filter((entry) => entry.why !== undefined)
      .map(({ imp, why }) => `${imp.from} → ${imp.to}: ${why}`);
    expect(wrong).toEqual([]);
  });

  it('the rule catches what it is for (an upward, a sideways and a test-support import)', () => {
    expect(violation({ from: 'proxy/start.ts', to: 'defects/proxy/catalogue.ts' }, TABLE)).toBe('proxy may not import defects');
    expect(violation({ from: 'reports/writers/sarif.ts', to: 'framework/checks/context.ts' }, TABLE)).toBe('reports may not import framework');
    expect(violation({ from: 'framework/checks/context.ts', to: 'verify/run/verdict.ts' }, TABLE)).toBe('framework may not import verify');
    expect(violation({ from: 'framework/clients/http.ts', to: 'framework/checks/assert.ts' }, TABLE)).toMatch(/higher sub-layer/);
    expect(violation({ from: 'suites/security/transport/leak.checks.ts', to: 'suites/security/isolation/lib/text.ts' }, TABLE)).toMatch(/suites\/shared/);
    expect(violation({ from: 'suites/e2e/tools.checks.ts', to: 'stand-ins/go-api/faults.ts' }, TABLE)).toBe('suites may not import stand-ins');
    expect(violation({ from: 'suites/e2e/tools.checks.ts', to: 'proxy/tools/definitions.ts' }, TABLE)).toBe('suites may not import proxy');
    expect(violation({ from: 'suites/e2e/e2e.proof.test.ts', to: 'stand-ins/go-api/faults.ts' }, TABLE)).toBeUndefined();
    expect(violation({ from: 'suites/e2e/proof/cases.ts', to: 'proofs/run-against.ts' }, TABLE)).toBeUndefined();
    expect(violation({ from: 'verify/run/verify-run.ts', to: 'suites/catalogue.ts' }, TABLE)).toBeUndefined();
  });
});
