/**
 * A validator for verification reports against the committed JSON Schema (draft 2020-12, formats checked).
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { loadReportSchema } from './report-schema.js';

export interface ReportValidation {
  readonly valid: boolean;
  readonly errors: readonly ErrorObject[];
  /** "instancePath message" lines, for assertion messages */
  readonly text: string;
}

export function createReportValidator(): (document: unknown) => ReportValidation {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `default` is the plugin.
  ajvFormats.default(ajv);
  const validate = ajv.compile(loadReportSchema());
  return (document) => {
    const valid = validate(document);
    const errors = validate.errors ?? [];
    return { valid, errors, text: errors.map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('\n') };
  };
}
