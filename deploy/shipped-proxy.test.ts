/**
 * What ships is only the correct behaviour: the proxy compiled exactly as the image compiles it (tsconfig.build.json)
 * holds none of the defective variants of defects/proxy/, by file, by fault name, or by the code that makes them.
 * A control scans the defect sources with the same markers, so the scan cannot pass by looking for nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_FAULTS } from '../defects/proxy/catalogue.js';
import { REPO_ROOT } from './proxy-facts.js';

/** Code only a defective variant has: trusting the token's own key or key URL, decoding unverified, query tokens, echoes. */
const DEFECT_CODE = ['EmbeddedJWK', 'decodeJwt', 'jku', 'access_token', "'anonymous'", 'presented', 'Field required', 'the request failed', "sub: 'default'"];
const MARKERS = [...Object.keys(PROXY_FAULTS), ...DEFECT_CODE];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** marker → files that contain it */
function scan(paths: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    for (const marker of MARKERS.filter((m) => text.includes(m))) (found[marker] ??= []).push(path);
  }
  return found;
}

describe('the shipped proxy', () => {
  let out: string;
  let built: string[];

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tbv-shipped-'));
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: REPO_ROOT, stdio: 'pipe' });
    built = files(out);
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is compiled from contract/ and proxy/ only, without tests or test helpers', () => {
    const top = new Set(built.map((path) => relative(out, path).split('/')[0]));
    expect([...top].sort()).toEqual(['contract', 'proxy']);
    expect(built).toContainEqual(join(out, 'proxy/main.js'));
    expect(built.filter((path) => /\.test\.js$|\/testing\//.test(path)).map((path) => relative(out, path))).toEqual([]);
  });

  it('holds no fault name and no code of a defective variant', () => {
    const found = scan(built);
    expect(Object.fromEntries(Object.entries(found).map(([marker, where]) => [marker, where.map((path) => relative(out, path))]))).toEqual({});
  });

  it('control: the same scan finds every defect code marker in defects/proxy/', () => {
    const defectSources = files(join(REPO_ROOT, 'defects/proxy')).filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'));
    const found = scan(defectSources);
    expect(MARKERS.filter((marker) => !found[marker])).toEqual([]);
  });
});
