/**
 * A report writer turns the canonical VerificationReport into one file. Writers are pure: they render only what the
 * report holds (redaction happened upstream) and never read the environment, the clock or the network.
 */
import type { VerificationReport } from '../model.js';

export interface ReportWriter {
  /** short stable name, e.g. "junit" (used in logs and for selecting writers) */
  readonly id: string;
  /** file name inside the output folder, e.g. "junit.xml"; a plain name, never a path */
  readonly fileName: string;
  render(report: VerificationReport): string;
}
