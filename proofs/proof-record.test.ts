import { describe, expect, it } from 'vitest';
import { goFaultProofs, mostSpecificProof, type ProofRecord } from './proof-record.js';

const broad: ProofRecord = { defect: 'broad', failing: ['A', 'B', 'C'] };
const narrow: ProofRecord = { defect: 'narrow', failing: ['A'] };
const echo: ProofRecord = { defect: 'echo', failing: ['A', 'E'], crossCutting: true, ownDefectOf: ['E'] };

describe('mostSpecificProof', () => {
  it('prefers the defect failing the fewest checks', () => {
    expect(mostSpecificProof([broad, narrow], 'A')?.defect).toBe('narrow');
    expect(mostSpecificProof([broad, narrow], 'B')?.defect).toBe('broad');
    expect(mostSpecificProof([broad, narrow], 'Z')).toBeUndefined();
  });

  it('ranks a cross-cutting defect last, except for the checks it is the subject of', () => {
    expect(mostSpecificProof([broad, echo], 'A')?.defect).toBe('broad');
    expect(mostSpecificProof([broad, echo], 'E')?.defect).toBe('echo');
    expect(mostSpecificProof([echo], 'A')?.defect).toBe('echo');
    // its own defect wins even over a narrower one that happens to fail it too
    expect(mostSpecificProof([{ defect: 'narrow', failing: ['E'] }, echo], 'E')?.defect).toBe('echo');
  });
});

describe('goFaultProofs', () => {
  it("names each stand-in fault with its catalogue summary", () => {
    expect(goFaultProofs({ hardDelete: ['X'] })).toEqual([{ defect: 'stand-in fault hardDelete: DELETE removes the row instead of leaving a tombstone', failing: ['X'] }]);
  });
});
