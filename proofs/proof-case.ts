/**
 * A proof case: one defective target and exactly the checks that fail against it. Every suite's proof table is a
 * list of these (`PROOF_CASES` in the suite's `proof/cases.ts`); the proof tests run them, the docs print them, and
 * fault coverage is computed from their options.
 */
import { GO_API_FAULTS, type GoApiFaultName } from '../stand-ins/go-api/faults.js';
import type { ProofOptions } from './run-against.js';

export interface ProofCase {
  /** what is wrong with the target, as the docs print it */
  readonly defect: string;
  /**
   * How the defective target is started: local-stack options (stand-in, proxy and edge faults, tampering fronts), or
   * a factory for options that hold state of one run. Absent when the target is one we did not write (the upstream
   * FastMCP proxy), started by the test that proves the case.
   */
  readonly options?: ProofOptions | (() => ProofOptions);
  /** exactly the checks that fail against it */
  readonly failed: readonly string[];
  /** checks that neither pass nor fail against it, with their status */
  readonly other?: Readonly<Record<string, 'warned' | 'skipped'>>;
  /**
   * The defect breaks a property every check of a family also asserts (the refusal's shape, no token echoed), not
   * what each check is about: it proves those checks can fail, but is no check's own defect...
   */
  readonly crossCutting?: boolean;
  /** ...except for these checks, whose subject it is */
  readonly ownDefectOf?: readonly string[];
}

export function optionsOf(proof: ProofCase): ProofOptions {
  return typeof proof.options === 'function' ? proof.options() : (proof.options ?? {});
}

/** The fault names a case switches on, per component (from its options: the data, not the source text). */
export function faultsOf(proof: ProofCase): { readonly goApi: string[]; readonly proxy: string[]; readonly edge: string[] } {
  const options = optionsOf(proof);
  const on = (faults: object | undefined) =>
    Object.entries(faults ?? {})
      .filter(([, value]) => value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0))
      .map(([name]) => name);
  return { goApi: on(options.goFaults), proxy: on(options.proxyFaults), edge: typeof options.edge === 'object' ? on(options.edge) : [] };
}

/**
 * The demonstration that singles a check out best: a defect declared its own first, cross-cutting ones last, and
 * within that the defect failing it with the fewest other checks.
 */
export function mostSpecificProof(cases: readonly ProofCase[], id: string): ProofCase | undefined {
  const tier = (proof: ProofCase) => (proof.ownDefectOf?.includes(id) ? 0 : proof.crossCutting ? 2 : 1);
  const rank = (proof: ProofCase) => tier(proof) * 1e6 + proof.failed.length;
  let best: ProofCase | undefined;
  for (const proof of cases) {
    if (proof.failed.includes(id) && (!best || rank(proof) < rank(best))) best = proof;
  }
  return best;
}

/** Cases for a table of stand-in faults and the checks each fails. */
export function goFaultCases(
  expected: Readonly<Partial<Record<GoApiFaultName, readonly string[]>>>,
  extra: Omit<ProofOptions, 'goFaults'> = {},
): ProofCase[] {
  return (Object.entries(expected) as [GoApiFaultName, readonly string[]][]).map(([fault, failed]) => ({
    defect: `stand-in fault ${fault}: ${GO_API_FAULTS[fault].summary}`,
    options: { ...extra, goFaults: { [fault]: true } },
    failed,
  }));
}

/** Checks no case shows failing (a proof table must leave none). */
export function unproven(checkIds: readonly string[], cases: readonly ProofCase[]): string[] {
  const proven = new Set(cases.flatMap((proof) => proof.failed));
  return checkIds.filter((id) => !proven.has(id));
}
