/**
 * Every fault of the stand-in, the defective proxies and the TLS edge exists to show a verification check failing.
 * This test keeps the catalogues honest from the proof tables' data: each fault is switched on by the options of at
 * least one proof case (suites/proofs.ts), or is listed below with the reason no black-box check can see it.
 */
import { describe, expect, it } from 'vitest';
import { PROXY_FAULTS } from '../defects/proxy/catalogue.js';
import { faultsOf } from '../proofs/proof-case.js';
import { EDGE_FAULTS } from '../stand-ins/edge/tls-edge.js';
import { GO_API_FAULTS } from '../stand-ins/go-api/faults.js';
import { PROOF_CASES_BY_SUITE } from './proofs.js';

const NOT_OBSERVABLE_FROM_OUTSIDE: Readonly<Record<string, string>> = {
  newSessionPerCall:
    'the Go API offers no way to count the sessions a caller opened; proven by defects/proxy/start-defective.test.ts and measured by `npm run bench` (goRequestsPerToolCall 2.0 against the 1.0 target)',
};

const CASES = Object.values(PROOF_CASES_BY_SUITE).flat();
const SWITCHED_ON = {
  'stand-in': new Set(CASES.flatMap((proof) => faultsOf(proof).goApi)),
  proxy: new Set(CASES.flatMap((proof) => faultsOf(proof).proxy)),
  'TLS edge': new Set(CASES.flatMap((proof) => faultsOf(proof).edge)),
} as const;

describe.each([
  ['stand-in', Object.keys(GO_API_FAULTS)],
  ['proxy', Object.keys(PROXY_FAULTS)],
  ['TLS edge', Object.keys(EDGE_FAULTS)],
] as const)('%s fault catalogue', (component, names) => {
  it.each(names.filter((name) => !(name in NOT_OBSERVABLE_FROM_OUTSIDE)))('%s is switched on by a proof case', (name) => {
    expect(SWITCHED_ON[component].has(name)).toBe(true);
  });

  it('no proof case switches on a fault the catalogue does not have', () => {
    expect([...SWITCHED_ON[component]].filter((name) => !names.includes(name))).toEqual([]);
  });
});

describe('faults no check can see', () => {
  it('are real faults, and no proof case pretends to catch them', () => {
    for (const name of Object.keys(NOT_OBSERVABLE_FROM_OUTSIDE)) {
      expect([...Object.keys(PROXY_FAULTS), ...Object.keys(GO_API_FAULTS)]).toContain(name);
      expect(SWITCHED_ON.proxy.has(name) || SWITCHED_ON['stand-in'].has(name), name).toBe(false);
    }
  });
});
