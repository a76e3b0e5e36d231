/**
 * What the real Go API does by design or by a defect the contract documents (a deployment cannot change it), as
 * finding rules: Schemathesis reports them, the gate warns with the contract section instead of failing. Each rule
 * is as narrow as the quirk (the operation and the exact answer), so the same code anywhere else still fails.
 */
import type { FindingRule } from '../../framework/model/policy.js';
import { ENTITIES } from '../../contract/entities.js';

const orphanChildren: FindingRule[] = ENTITIES.filter((entity) => entity.parent).map((entity) => ({
  check: 'FUZZ-NOT_A_SERVER_ERROR',
  where: `* /v1/${entity.path}*`,
  match: `"error":"failed to (create|update|patch|archive|process) ${entity.singular}"`,
  action: 'warn',
  reason: `contract §9.2: a ${entity.singular} without a valid, live parent is answered 500, not 400`,
}));

/** The methods chi knows; it answers any other with 405 and no Allow header. */
const CHI_METHODS = ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'];

export const DOCUMENTED_QUIRKS: readonly FindingRule[] = [
  {
    // the limiter answers before the epoch and handler checks, so a 429 says nothing about what was tested
    check: 'FUZZ-*',
    match: '^\\[429\\] Too Many Requests',
    action: 'ignore',
    reason: "rate limited (contract §7): the fuzzer's own pace, not an answer to what it tested",
  },
  ...orphanChildren,
  ...['POST /v1/*', 'PUT /v1/*/{uid}'].map(
    (where): FindingRule => ({
      // the panic's 500 also has no Content-Type and no JSON, which the content-type and schema checks report
      check: 'FUZZ-*',
      where,
      match: '^\\[500\\] Internal Server Error:\\s*<EMPTY>[\\s\\S]* -d null ',
      action: 'warn',
      reason: 'contract §16.20: a body of JSON null on create or replace panics the handler (500, empty body)',
    }),
  ),
  {
    // each operation is fuzzed as a user of its own, with a live item of its own: the first DELETE case deletes it
    check: 'FUZZ-POSITIVE_DATA_ACCEPTANCE',
    where: 'DELETE /v1/*/{uid}',
    match: '^\\[410\\] Gone:\\s*`\\{"deletedAt":"[^"]+","error":"[a-z ]+ already deleted"\\}`',
    action: 'ignore',
    reason: "contract §9.4: deleting a tombstone is 410 already deleted; the item was deleted by the fuzzer's own earlier DELETE",
  },
  {
    // a generated If-Match on an existing item: the fuzzer cannot know the item's version
    check: 'FUZZ-POSITIVE_DATA_ACCEPTANCE',
    where: '* /v1/*/{uid}',
    match: '^\\[412\\] Precondition Failed:',
    action: 'ignore',
    reason: "contract §9.4: an If-Match other than the item's version is 412; the fuzzer's generated If-Match is a guess",
  },
  {
    check: 'FUZZ-MISSING_REQUIRED_HEADER',
    match: "Got 428 when missing required 'X-Sync-Session' header",
    action: 'warn',
    reason: 'contract §6: a missing sync session is 428 Precondition Required (a 4xx Schemathesis does not expect)',
  },
  {
    check: 'FUZZ-MISSING_REQUIRED_HEADER',
    match: "Got 409 when missing required 'X-Sync-Epoch' header",
    action: 'warn',
    reason: 'contract §6 and §16.1: a missing X-Sync-Epoch counts as epoch 0 and is answered 409 epoch_mismatch',
  },
  {
    check: 'FUZZ-UNSUPPORTED_METHOD',
    // only methods outside chi's method map; a known method answered 405 without Allow still fails
    match: `\\b(?!(?:${CHI_METHODS.join('|')}) )[A-Z]+ returned 405 without required \`Allow\` header`,
    action: 'warn',
    reason: 'docs/fidelity.md divergence 2, measured on the real API: a method chi does not know (QUERY) is 405 without Allow',
  },
];
