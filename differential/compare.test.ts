import { describe, expect, it } from 'vitest';
import { compareResponses } from './compare.js';
import type { NormalisedResponse } from './normalise.js';

const answer = (over: Partial<NormalisedResponse>): NormalisedResponse => ({ status: 200, headers: {}, body: {}, text: '{}\n', ...over });

describe('compareResponses', () => {
  it('finds nothing between equal answers', () => {
    expect(compareResponses(answer({}), answer({}))).toEqual([]);
  });

  it('names each difference: status, header, body path, absent keys', () => {
    const a = answer({ status: 200, headers: { 'x-sync-epoch': '1' }, body: { items: [{ v: 1 }], extra: true } });
    const b = answer({ status: 409, headers: {}, body: { items: [{ v: 2 }, { v: 3 }] } });
    expect(compareResponses(a, b).map((d) => d.where)).toEqual(['status', 'header x-sync-epoch', 'body $.extra', 'body $.items.length', 'body $.items[0].v']);
  });

  it('compares the exact text only when the parsed bodies agree (key order, escaping, the trailing newline)', () => {
    const a = answer({ body: { a: 1, b: 2 }, text: '{"a":1,"b":2}\n' });
    const b = answer({ body: { a: 1, b: 2 }, text: '{"b":2,"a":1}' });
    expect(compareResponses(a, b)).toEqual([{ where: 'text', a: a.text, b: b.text }]);
  });

  it('compares reason phrases of answers read off the wire', () => {
    expect(compareResponses(answer({ reason: 'Bad Request: missing required Host header' }), answer({ reason: 'Bad Request' }))[0]?.where).toBe('reason phrase');
  });
});
