import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../contract/openapi/document.js';
import { credentialProblems, readRequestLog, securedOperations } from './request-log.js';

const line = (operation: string, status: number, credentialed: boolean) => `${operation}\t${status}\t${credentialed ? 1 : 0}`;

describe('the hooks request log', () => {
  it('counts requests, those with credentials, and the refused ones, per operation', () => {
    const log = [line('GET /v1/notes', 200, true), line('GET /v1/notes', 401, false), line('GET /v1/notes', 403, true), line('GET /healthz', 200, false), '', 'garbage'].join('\n');
    expect(Object.fromEntries(readRequestLog(log))).toEqual({
      'GET /v1/notes': { requests: 3, credentialed: 2, refused: 1 },
      'GET /healthz': { requests: 1, credentialed: 0, refused: 0 },
    });
  });

  it("reads the secured operations from the contract's document: all but /healthz and /v1/sync/info", () => {
    const secured = securedOperations(openApiDocument());
    expect(secured.has('GET /v1/notes/{uid}')).toBe(true);
    expect(secured.has('POST /v1/sync/sessions')).toBe(true);
    expect(secured.has('GET /healthz')).toBe(false);
    expect(secured.has('GET /v1/sync/info')).toBe(false);
    expect(securedOperations({ security: [{ bearer: [] }], paths: { '/x': { get: {}, parameters: [] } } })).toEqual(new Set(['GET /x']));
  });

  const secured = new Set(['GET /v1/notes', 'GET /v1/notes/{uid}', 'POST /v1/notes']);

  it('finds nothing wrong when every operation with credentials was let in at least once (404s and probes aside)', () => {
    const log = [
      line('GET /v1/notes', 200, true),
      line('GET /v1/notes/{uid}', 404, true),
      line('GET /v1/notes/{uid}', 401, false),
      line('GET /v1/notes/{uid}', 401, false),
      line('POST /v1/notes', 401, true),
      line('POST /v1/notes', 201, true),
    ].join('\n');
    expect(credentialProblems(secured, readRequestLog(log))).toEqual([]);
  });

  it('fails an operation whose every request with credentials was refused', () => {
    const log = [line('GET /v1/notes', 200, true), line('GET /v1/notes/{uid}', 401, true), line('GET /v1/notes/{uid}', 403, true), line('GET /v1/notes/{uid}', 401, false)].join('\n');
    expect(credentialProblems(secured, readRequestLog(log))).toEqual([
      "the API refused the run's credentials: every request with the bearer token and tenant headers to 1 operation was answered 401/403 (GET /v1/notes/{uid})",
    ]);
  });

  it('fails an operation that was sent requests, none with credentials; one never sent anything is left to the coverage problem', () => {
    const log = [line('GET /v1/notes', 200, false), line('GET /v1/notes', 401, false), line('POST /v1/notes', 201, true)].join('\n');
    expect(credentialProblems(secured, readRequestLog(log))).toEqual(['no request to 1 operation that needs credentials carried them (GET /v1/notes)']);
  });
});
