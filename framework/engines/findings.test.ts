import { describe, expect, it } from 'vitest';
import { CheckFailure, PostureFinding } from '../model/assert.js';
import type { CheckContext } from '../checks/context.js';
import type { FindingRule } from '../model/policy.js';
import { judgeFindings, ruleFor, type EngineFinding } from './findings.js';

function fakeContext(findingRules: readonly FindingRule[] = []) {
  const notes: string[] = [];
  const metrics: Record<string, unknown> = {};
  const ctx = {
    settings: { latency: {} as never, findingRules },
    note: (text: string) => notes.push(text),
    metric: (name: string, value: unknown) => void (metrics[name] = value),
    warn: (message: string) => {
      throw new PostureFinding(message);
    },
  } as unknown as CheckContext;
  return { ctx, notes, metrics };
}

const orphan: EngineFinding = { code: 'ST101', where: 'POST /v1/comments', summary: 'ST101 Server error', detail: '[500]\n{"error":"failed to create comment"}' };
const other500: EngineFinding = { code: 'ST101', where: 'GET /v1/notes', summary: 'ST101 Server error', detail: '[500]\n{"error":"failed to list notes"}' };
const QUIRK: FindingRule = { check: 'FUZZ-NOT_*', where: '* /v1/comments*', match: 'failed to create comment', action: 'warn', reason: 'contract §9.2' };

describe('finding rules', () => {
  it('match on check pattern, place and text, all of them', () => {
    expect(ruleFor([QUIRK], 'FUZZ-NOT_A_SERVER_ERROR', orphan)).toBe(QUIRK);
    expect(ruleFor([QUIRK], 'FUZZ-NOT_A_SERVER_ERROR', other500)).toBeUndefined();
    expect(ruleFor([QUIRK], 'FUZZ-STATUS_CODE_CONFORMANCE', orphan)).toBeUndefined();
    expect(ruleFor([{ ...QUIRK, match: 'failed to update' }], 'FUZZ-NOT_A_SERVER_ERROR', orphan)).toBeUndefined();
  });

  it('read ^ and $ at line starts and ends', () => {
    expect(ruleFor([{ check: '*', match: '^\\[500\\]$', action: 'ignore', reason: 'r' }], 'X-Y', orphan)).toBeDefined();
  });
});

describe('judging the findings of one check', () => {
  it('passes with none', () => {
    const { ctx, metrics } = fakeContext();
    judgeFindings(ctx, 'FUZZ-NOT_A_SERVER_ERROR', []);
    expect(metrics).toEqual({ findings: 0, openFindings: 0, acceptedFindings: 0 });
  });

  it('warns when every finding is an accepted quirk, with its reason', () => {
    const { ctx, notes } = fakeContext();
    expect(() => judgeFindings(ctx, 'FUZZ-NOT_A_SERVER_ERROR', [orphan], [QUIRK])).toThrow(new PostureFinding('1 accepted finding: contract §9.2'));
    expect(notes).toEqual(['accepted (contract §9.2): POST /v1/comments: ST101 Server error']);
  });

  it('fails on any finding no rule accepts, naming where', () => {
    const { ctx, notes } = fakeContext();
    const judged = () => judgeFindings(ctx, 'FUZZ-NOT_A_SERVER_ERROR', [orphan, other500], [QUIRK]);
    expect(judged).toThrow(CheckFailure);
    expect(judged).toThrow(/^1 finding at 1 place \(GET \/v1\/notes\); first: GET \/v1\/notes: ST101 Server error$/);
    expect(notes.some((n) => n.includes('failed to list notes'))).toBe(true);
  });

  it("puts the policy file's rules first, and ignored findings out of the verdict", () => {
    const { ctx, notes } = fakeContext([{ check: 'FUZZ-*', where: 'GET /v1/notes', action: 'ignore', reason: 'known, ticket 12' }]);
    judgeFindings(ctx, 'FUZZ-NOT_A_SERVER_ERROR', [other500]);
    expect(notes).toEqual(['ignored (known, ticket 12): GET /v1/notes: ST101 Server error']);
  });
});
