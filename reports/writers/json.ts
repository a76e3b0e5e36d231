/**
 * verification-report.json: the canonical report itself, pretty-printed. Its shape is fixed by
 * reports/schema/verification-report-1.4.0.schema.json.
 */
import type { VerificationReport } from '../model.js';
import type { ReportWriter } from './types.js';

export const jsonWriter: ReportWriter = {
  id: 'json',
  fileName: 'verification-report.json',
  render(report: VerificationReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
