import { describe, expect, it } from 'vitest';
import { ruleFor, type EngineFinding } from '../../framework/engines/findings.js';
import { DOCUMENTED_QUIRKS } from './documented-quirks.js';

const finding = (where: string, detail: string): EngineFinding => ({ code: 'ST000', where, summary: 'x', detail });
const accepted = (check: string, where: string, detail: string) => ruleFor(DOCUMENTED_QUIRKS, check, finding(where, detail))?.reason;

const PANIC = "[500] Internal Server Error:\n\n    <EMPTY>\n\nReproduce with:\n\n    curl -X POST -H 'a: b' -d null http://127.0.0.1:1/v1/tasks";

describe("the contract's documented quirks, as finding rules", () => {
  it('accept a 500 for an orphan comment or chat message, and no other 500', () => {
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'POST /v1/comments', '[500]\n`{"error":"failed to create comment","correlation_id":"x"}`')).toMatch(/contract §9\.2/);
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'PATCH /v1/chat_messages/{uid}', '{"error":"failed to patch chat message"}')).toMatch(/contract §9\.2/);
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'POST /v1/notes', '{"error":"failed to create note"}')).toBeUndefined();
    expect(accepted('FUZZ-STATUS_CODE_CONFORMANCE', 'POST /v1/comments', '{"error":"failed to create comment"}')).toBeUndefined();
  });

  it('accept the panic on a JSON null body of create and replace, whichever check reports it', () => {
    for (const check of ['FUZZ-NOT_A_SERVER_ERROR', 'FUZZ-CONTENT_TYPE_CONFORMANCE', 'FUZZ-RESPONSE_SCHEMA_CONFORMANCE']) {
      expect(accepted(check, 'POST /v1/tasks', PANIC), check).toMatch(/contract §16\.20/);
    }
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'PUT /v1/tasks/{uid}', PANIC)).toMatch(/contract §16\.20/);
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'POST /v1/tasks', PANIC.replace('-d null', "-d '{}'"))).toBeUndefined();
    expect(accepted('FUZZ-NOT_A_SERVER_ERROR', 'POST /v1/tasks', PANIC.replace('<EMPTY>', '`{"error":"x"}`'))).toBeUndefined();
  });

  it('accept 428 and 409 for a missing session or epoch, not a 2xx', () => {
    expect(accepted('FUZZ-MISSING_REQUIRED_HEADER', 'GET /v1/notes', "Got 409 when missing required 'X-Sync-Epoch' header")).toMatch(/§16\.1/);
    expect(accepted('FUZZ-MISSING_REQUIRED_HEADER', 'GET /v1/notes', "Got 428 when missing required 'X-Sync-Session' header")).toMatch(/§6/);
    expect(accepted('FUZZ-MISSING_REQUIRED_HEADER', 'GET /v1/notes', "Got 200 when missing required 'X-Sync-Epoch' header")).toBeUndefined();
  });

  it('accept 405 without Allow only for methods chi does not know', () => {
    expect(accepted('FUZZ-UNSUPPORTED_METHOD', 'GET /healthz', 'QUERY returned 405 without required `Allow` header')).toMatch(/divergence 2/);
    expect(accepted('FUZZ-UNSUPPORTED_METHOD', 'GET /healthz', 'DELETE returned 405 without required `Allow` header')).toBeUndefined();
  });

  it("leave out a 410 for deleting an item the fuzzer's own DELETE already deleted, and no other 410", () => {
    const gone = (entity: string) => `- ST202 Schema-valid request rejected\n\n[410] Gone:\n\n    \`{"deletedAt":"2026-12-03T14:41:27.652Z","error":"${entity} already deleted"}\`\n`;
    const rule = (check: string, where: string, detail: string) => ruleFor(DOCUMENTED_QUIRKS, check, finding(where, detail));
    expect(rule('FUZZ-POSITIVE_DATA_ACCEPTANCE', 'DELETE /v1/chat_messages/{uid}', gone('chat message'))).toMatchObject({ action: 'ignore', reason: expect.stringMatching(/§9\.4/) });
    // a live item answered as deleted, or a 410 elsewhere, is still a finding
    expect(rule('FUZZ-POSITIVE_DATA_ACCEPTANCE', 'GET /v1/notes/{uid}', gone('note').replace('already deleted', 'deleted'))).toBeUndefined();
    expect(rule('FUZZ-POSITIVE_DATA_ACCEPTANCE', 'PUT /v1/notes/{uid}', gone('note'))).toBeUndefined();
    expect(rule('FUZZ-RESPONSE_SCHEMA_CONFORMANCE', 'DELETE /v1/notes/{uid}', gone('note'))).toBeUndefined();
  });

  it("leave out a 412 for a generated If-Match on an existing item, and no other status", () => {
    const precondition = '- ST202 Schema-valid request rejected\n\n[412] Precondition Failed:\n\n    `{"error":"version mismatch","correlation_id":"x"}`\n';
    expect(ruleFor(DOCUMENTED_QUIRKS, 'FUZZ-POSITIVE_DATA_ACCEPTANCE', finding('PUT /v1/notes/{uid}', precondition))?.action).toBe('ignore');
    expect(ruleFor(DOCUMENTED_QUIRKS, 'FUZZ-POSITIVE_DATA_ACCEPTANCE', finding('POST /v1/notes', precondition))).toBeUndefined();
    expect(ruleFor(DOCUMENTED_QUIRKS, 'FUZZ-POSITIVE_DATA_ACCEPTANCE', finding('PUT /v1/notes/{uid}', precondition.replace('[412] Precondition Failed', '[400] Bad Request')))).toBeUndefined();
  });

  it("leave a rate-limited answer out: it is the fuzzer's pace, not a finding", () => {
    const rule = ruleFor(DOCUMENTED_QUIRKS, 'FUZZ-POSITIVE_DATA_ACCEPTANCE', finding('GET /v1/notes', '- ST202\n\n[429] Too Many Requests:\n'));
    expect(rule?.action).toBe('ignore');
  });
});
