/**
 * `npm run openapi`: writes the Go API's OpenAPI 3.1 document, generated from the contract, to docs/openapi.json.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './document.js';

export const OPENAPI_FILE = 'docs/openapi.json';

export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(fileURLToPath(new URL(`../../${OPENAPI_FILE}`, import.meta.url)), renderOpenApi());
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
