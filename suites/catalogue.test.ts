import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allChecks } from './catalogue.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('locations of the real security checks', () => {
  it('point at files that exist in this repository', () => {
    const security = allChecks().filter((c) => c.security);
    expect(security.length).toBeGreaterThan(0);
    for (const check of security) expect(existsSync(`${ROOT}${check.security!.location}`), `${check.id} → ${check.security!.location}`).toBe(true);
  });
});
