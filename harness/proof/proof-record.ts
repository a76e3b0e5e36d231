/**
 * What a proof shows, as data the docs can print: a defect, and the checks that fail against a target with it.
 */
import { GO_API_FAULTS, type GoApiFaultName } from '../../fixtures/go-api/faults.js';

export interface ProofRecord {
  readonly defect: string;
  readonly failing: readonly string[];
  /**
   * The defect breaks a property every check of a family also asserts (the refusal's shape, no token echoed), not
   * what each check is about: it proves those checks can fail, but is no check's own defect...
   */
  readonly crossCutting?: boolean;
  /** ...except for these checks, whose subject it is */
  readonly ownDefectOf?: readonly string[];
}

/**
 * The demonstration that singles a check out best: its own defect before a cross-cutting one, then the defect
 * failing it with the fewest other checks.
 */
export function mostSpecificProof(records: readonly ProofRecord[], id: string): ProofRecord | undefined {
  const rank = (record: ProofRecord) => (record.crossCutting && !record.ownDefectOf?.includes(id) ? 1e6 : 0) + record.failing.length;
  let best: ProofRecord | undefined;
  for (const record of records) {
    if (record.failing.includes(id) && (!best || rank(record) < rank(best))) best = record;
  }
  return best;
}

/** Records for a table of stand-in faults and the checks each fails. */
export function goFaultProofs(expected: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>>): ProofRecord[] {
  return (Object.entries(expected) as [GoApiFaultName, readonly string[]][]).map(([fault, failing]) => ({
    defect: `stand-in fault ${fault}: ${GO_API_FAULTS[fault].summary}`,
    failing,
  }));
}
