import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { INSTALL_COMMANDS, K6_OPERATOR_MODULE, locateK6OperatorCrd } from '../../framework/engines/locate.js';
import { optionalRequirement } from '../../framework/testing/optional.js';

const MANIFEST = new URL('./testrun.yaml', import.meta.url);
const CONFIG = new URL('../k6/lib/config.ts', import.meta.url);

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: Record<string, unknown>;
}

const manifest = parse(readFileSync(MANIFEST, 'utf8')) as {
  apiVersion: string;
  kind: string;
  spec: { parallelism: number; arguments: string; script: { volumeClaim: { name: string; file: string } }; runner: { env: EnvVar[] } };
};
const env = new Map(manifest.spec.runner.env.map((e) => [e.name, e]));
const crdMissing = optionalRequirement(locateK6OperatorCrd() !== undefined, `the k6-operator TestRun CRD (${K6_OPERATOR_MODULE.version})`, INSTALL_COMMANDS['k6-operator-crd']);

describe('the k6-operator TestRun manifest', () => {
  test.skipIf(crdMissing !== undefined)(`is a valid TestRun of k6-operator ${K6_OPERATOR_MODULE.version} (its CRD's schema)${crdMissing ? ` — skipped: ${crdMissing}` : ''}`, () => {
    const crd = parse(readFileSync(locateK6OperatorCrd()!, 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] } };
    const version = crd.spec.versions.find((v) => `k6.io/${v.name}` === manifest.apiVersion);
    expect(version, `the CRD serves ${manifest.apiVersion}`).toBeDefined();
    // the CRD's structural schema, with Kubernetes' own extensions (x-kubernetes-*) allowed as annotations
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile({ ...version!.schema.openAPIV3Schema, additionalProperties: false });
    const valid = validate(manifest);
    expect(valid, ajv.errorsText(validate.errors)).toBe(true);
    // and nothing the API server would silently drop: every field of the spec and the runner is one the CRD declares
    const spec = (version!.schema.openAPIV3Schema.properties as { spec: { properties: Record<string, { properties?: object }> } }).spec.properties;
    expect(Object.keys(manifest.spec).filter((key) => !(key in spec))).toEqual([]);
    expect(Object.keys(manifest.spec.runner).filter((key) => !(key in spec.runner!.properties!))).toEqual([]);
    // the schema does judge: a wrong type is refused
    expect(validate({ ...manifest, spec: { ...manifest.spec, parallelism: 'four' } })).toBe(false);
  });

  test('runs the scripts distributed: several runners, each writing its samples where merge can read them', () => {
    expect(manifest.kind).toBe('TestRun');
    expect(manifest.spec.parallelism).toBeGreaterThanOrEqual(2);
    expect(manifest.spec.script.volumeClaim.file).toMatch(/\.tar$/);
    // one file per runner pod (the pod name, from the downward API), on the shared volume
    expect(manifest.spec.arguments.split(' ')).toEqual(['--out', 'json=/test/results/$(POD_NAME).json.gz']);
    expect(env.get('POD_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(manifest.spec.runner.env.findIndex((e) => e.name === 'POD_NAME')).toBe(0); // defined before the values that expand it
  });

  test('configures the scripts with the variables they read, the secret from a Secret, open loop within the per-user limit', () => {
    const read = new Set([...readFileSync(CONFIG, 'utf8').matchAll(/(?:env|required|positive)\('([A-Z_0-9]+)'/g)].map((m) => m[1]));
    for (const name of manifest.spec.runner.env.map((e) => e.name).filter((n) => n !== 'POD_NAME')) expect(read, `${name} is read by load/k6/lib/config.ts`).toContain(name);
    expect(env.get('JWT_SECRET')?.value).toBeUndefined();
    expect(env.get('JWT_SECRET')?.valueFrom).toHaveProperty('secretKeyRef');
    const rate = Number(env.get('TB_RATE')?.value);
    const vus = Number(env.get('TB_VUS')?.value);
    expect(rate / vus).toBeLessThanOrEqual(5);
    // every runner gets at least one VU of its own
    expect(vus).toBeGreaterThanOrEqual(manifest.spec.parallelism);
  });
});
