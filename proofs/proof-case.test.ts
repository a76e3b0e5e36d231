import { describe, expect, it } from 'vitest';
import { faultsOf, goFaultCases, mostSpecificProof, unproven, type ProofCase } from './proof-case.js';

const broad: ProofCase = { defect: 'broad', failed: ['A', 'B', 'C'] };
const narrow: ProofCase = { defect: 'narrow', failed: ['A'] };
const echo: ProofCase = { defect: 'echo', failed: ['A', 'E'], crossCutting: true, ownDefectOf: ['E'] };

describe('mostSpecificProof', () => {
  it('prefers the defect failing the fewest checks', () => {
    expect(mostSpecificProof([broad, narrow], 'A')?.defect).toBe('narrow');
    expect(mostSpecificProof([broad, narrow], 'B')?.defect).toBe('broad');
    expect(mostSpecificProof([broad, narrow], 'Z')).toBeUndefined();
  });

  it('ranks cross-cutting defects last, except for the checks they are about', () => {
    expect(mostSpecificProof([broad, echo], 'A')?.defect).toBe('broad');
    expect(mostSpecificProof([broad, echo], 'E')?.defect).toBe('echo');
    expect(mostSpecificProof([echo], 'A')?.defect).toBe('echo');
    expect(mostSpecificProof([{ defect: 'narrow', failed: ['E'] }, echo], 'E')?.defect).toBe('echo');
  });
});

describe('goFaultCases', () => {
  it('names each stand-in fault with its catalogue summary and switches it on', () => {
    expect(goFaultCases({ hardDelete: ['X'] })).toEqual([
      { defect: 'stand-in fault hardDelete: DELETE removes the row instead of leaving a tombstone', options: { goFaults: { hardDelete: true } }, failed: ['X'] },
    ]);
  });
});

describe('faultsOf', () => {
  it('reads the faults a case switches on from its options, factories included', () => {
    const proof: ProofCase = {
      defect: 'several',
      options: () => ({ goFaults: { hardDelete: true, ignoreIfMatch: false }, proxyFaults: { noHsts: true, miswireTool: [] }, edge: { weakCiphers: true } }),
      failed: ['A'],
    };
    expect(faultsOf(proof)).toEqual({ goApi: ['hardDelete'], proxy: ['noHsts'], edge: ['weakCiphers'] });
    expect(faultsOf({ defect: 'edge on', options: { edge: true }, failed: [] })).toEqual({ goApi: [], proxy: [], edge: [] });
  });
});

describe('unproven', () => {
  it('lists the checks no case fails', () => {
    expect(unproven(['A', 'B', 'Z'], [broad, narrow])).toEqual(['Z']);
  });
});
