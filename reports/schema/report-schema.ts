/**
 * Where the committed JSON Schema of the verification report lives, and how to load it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REPORT_SCHEMA_VERSION } from '../model.js';

/** Absolute path of the schema for the current REPORT_SCHEMA_VERSION. */
export const REPORT_SCHEMA_PATH = fileURLToPath(new URL(`./verification-report-${REPORT_SCHEMA_VERSION}.schema.json`, import.meta.url));

/** The parsed schema document (JSON Schema draft 2020-12). */
export function loadReportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
}
