import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../suites/catalogue.js';
import { SECURITY_PROOF_CASES } from '../../suites/proofs.js';
import { mostSpecificProof } from '../../proofs/proof-case.js';
import { DOC_FILES } from './write-docs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('generated catalogue documents', () => {
  it.each(Object.entries(DOC_FILES))('%s is up to date (run `npm run docs` after changing a check)', (file, render) => {
    expect(readFileSync(`${ROOT}${file}`, 'utf8')).toBe(render(allChecks()));
  });

  it('every security check carries what the docs and SARIF need', () => {
    for (const check of allChecks().filter((c) => c.area.startsWith('security'))) {
      expect(check.security, check.id).toBeDefined();
      expect(check.expected, check.id).toBeTruthy();
      expect(check.rationale, check.id).toBeTruthy();
      expect(check.security!.cwe, check.id).toMatch(/^CWE-\d+$/);
      expect(check.security!.score, check.id).toBeGreaterThanOrEqual(0.1);
      expect(check.security!.score, check.id).toBeLessThanOrEqual(10);
    }
  });

  it('every security check is shown failing by a recorded proof, and every proof names real checks', () => {
    const security = allChecks().filter((c) => c.area.startsWith('security'));
    expect(security.filter((c) => !mostSpecificProof(SECURITY_PROOF_CASES, c.id)).map((c) => c.id)).toEqual([]);
    const ids = new Set(allChecks().map((c) => c.id));
    for (const proof of SECURITY_PROOF_CASES) for (const id of proof.failed) expect(ids.has(id), `${proof.defect}: ${id}`).toBe(true);
  });
});
