/**
 * What a proof shows, as data the docs can print: a defect, and the checks that fail against a target with it.
 */
import { GO_API_FAULTS, type GoApiFaultName } from '../stand-ins/go-api/faults.js';

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
 * The demonstration that singles a check out best: a defect declared its own first, cross-cutting ones last, and
 * within that the defect failing it with the fewest other checks.
 */
export function mostSpecificProof(records: readonly ProofRecord[], id: string): ProofRecord | undefined {
  const tier = (record: ProofRecord) => (record.ownDefectOf?.includes(id) ? 0 : record.crossCutting ? 2 : 1);
  const rank = (record: ProofRecord) => tier(record) * 1e6 + record.failing.length;
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
