/**
 * The `load` section of the committed verification-report schema (reports/schema): load-summary.json must match it
 * exactly, from either engine, so the section can be put into the report as it is.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadReportSchema } from '../../reports/schema/report-schema.js';

export function createLoadSummaryValidator(): (document: unknown) => { valid: boolean; text: string } {
  const schema = loadReportSchema() as { $defs: Record<string, unknown> };
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile({ $defs: schema.$defs, $ref: '#/$defs/load' });
  return (document) => {
    const valid = validate(document);
    return { valid, text: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('\n') };
  };
}
