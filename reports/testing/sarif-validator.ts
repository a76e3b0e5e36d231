/**
 * What GitHub code scanning requires of an uploaded SARIF 2.1.0 file (docs: "SARIF support for code scanning"),
 * as checks that return every problem found.
 */
import { gzipSync } from 'node:zlib';

const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
const LEVELS = new Set(['none', 'note', 'warning', 'error']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const textAt = (o: unknown, key: string) => (isObject(o) ? o[key] : undefined);

export function githubSarifProblems(document: string): string[] {
  const problems: string[] = [];
  if (gzipSync(document).length > MAX_GZIPPED_BYTES) problems.push('larger than 10 MB gzipped');
  let sarif: unknown;
  try {
    sarif = JSON.parse(document);
  } catch {
    return ['not JSON'];
  }
  if (!isObject(sarif)) return ['not a JSON object'];
  if (sarif.version !== '2.1.0') problems.push('version must be "2.1.0"');
  if (!text(sarif.$schema)) problems.push('$schema missing');
  const runs = sarif.runs;
  if (!Array.isArray(runs) || runs.length === 0) return [...problems, 'runs must be a non-empty array'];
  runs.forEach((run, r) => {
    const driver = textAt(textAt(run, 'tool'), 'driver');
    if (!text(textAt(driver, 'name'))) problems.push(`runs[${r}].tool.driver.name missing`);
    const rules = textAt(driver, 'rules');
    if (!Array.isArray(rules)) {
      problems.push(`runs[${r}].tool.driver.rules missing`);
      return;
    }
    const ruleIds = rules.map((rule) => textAt(rule, 'id'));
    rules.forEach((rule, i) => {
      const where = `runs[${r}].rules[${i}]`;
      if (!text(textAt(rule, 'id'))) problems.push(`${where}.id missing`);
      for (const key of ['shortDescription', 'fullDescription', 'help']) {
        if (!text(textAt(textAt(rule, key), 'text'))) problems.push(`${where}.${key}.text missing`);
      }
      const properties = textAt(rule, 'properties');
      const tags = textAt(properties, 'tags');
      if (!Array.isArray(tags) || !tags.includes('security')) problems.push(`${where}.properties.tags lacks "security"`);
      const severity = Number(textAt(properties, 'security-severity'));
      if (typeof textAt(properties, 'security-severity') !== 'string' || !(severity >= 0.1 && severity <= 10)) {
        problems.push(`${where}.properties.security-severity must be a string "0.1"–"10.0"`);
      }
    });
    if (new Set(ruleIds).size !== ruleIds.length) problems.push(`runs[${r}] has duplicate rule ids`);
    const results = textAt(run, 'results');
    if (!Array.isArray(results)) {
      problems.push(`runs[${r}].results missing`);
      return;
    }
    results.forEach((result, i) => {
      const where = `runs[${r}].results[${i}]`;
      const ruleId = textAt(result, 'ruleId');
      if (!text(ruleId) || !ruleIds.includes(ruleId)) problems.push(`${where}.ruleId does not name a rule`);
      const ruleIndex = textAt(result, 'ruleIndex');
      if (ruleIndex !== undefined && ruleIds[ruleIndex as number] !== ruleId) problems.push(`${where}.ruleIndex does not point at its rule`);
      if (!text(textAt(textAt(result, 'message'), 'text'))) problems.push(`${where}.message.text missing`);
      const level = textAt(result, 'level');
      if (level !== undefined && !LEVELS.has(level as string)) problems.push(`${where}.level invalid`);
      const locations = textAt(result, 'locations');
      if (!Array.isArray(locations) || locations.length === 0) {
        problems.push(`${where}.locations must hold at least one location`);
      } else {
        const physical = textAt(locations[0], 'physicalLocation');
        const uri = textAt(textAt(physical, 'artifactLocation'), 'uri');
        if (!text(uri) || /^[a-z]+:/i.test(uri) || uri.startsWith('/')) problems.push(`${where} location must be a repository-relative path`);
        const startLine = textAt(textAt(physical, 'region'), 'startLine');
        if (typeof startLine !== 'number' || startLine < 1) problems.push(`${where} location needs region.startLine ≥ 1`);
      }
      const fingerprints = textAt(result, 'partialFingerprints');
      if (!isObject(fingerprints) || Object.keys(fingerprints).length === 0) problems.push(`${where}.partialFingerprints missing`);
    });
  });
  return problems;
}
