import { describe, expect, it } from 'vitest';
import type { Evidence } from '../model/types.js';
import { EvidenceLog } from './evidence-log.js';

const exchange = (label: string): Evidence =>
  ({ kind: 'http', label, request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} }, response: { status: 200, headers: {}, body: '', durationMs: 1 } }) as Evidence;
const note = (text: string): Evidence => ({ kind: 'note', text });
const describeAll = (log: EvidenceLog) => log.evidence.map((e) => (e.kind === 'note' ? `note:${e.text}` : `http:${(e as { label: string }).label}`));

describe('EvidenceLog', () => {
  it('keeps everything while under the limits', () => {
    const log = new EvidenceLog({ first: 2, last: 2, notes: 2 });
    for (const e of [exchange('a'), note('n'), exchange('b')]) log.record(e);
    expect(describeAll(log)).toEqual(['http:a', 'note:n', 'http:b']);
  });

  it('keeps the first and the last exchanges, and says how many it left out', () => {
    const log = new EvidenceLog({ first: 2, last: 2, notes: 5 });
    for (const label of ['1', '2', '3', '4', '5', '6']) log.record(exchange(label));
    expect(describeAll(log)).toEqual(['http:1', 'http:2', 'note:2 exchanges in between not recorded', 'http:5', 'http:6']);
  });

  it("never lets later exchanges push out the check's notes (a conclusion followed by clean-up requests)", () => {
    const log = new EvidenceLog({ first: 2, last: 2, notes: 5 });
    for (const e of [exchange('session 1'), exchange('session 2'), exchange('session 3'), note('command: schemathesis run'), note('engine error at PUT /v1/chats/{uid}')]) log.record(e);
    for (let i = 1; i <= 8; i++) log.record(exchange(`cleanup ${i}`));
    expect(describeAll(log)).toEqual([
      'http:session 1',
      'http:session 2',
      'note:7 exchanges in between not recorded',
      'note:command: schemathesis run',
      'note:engine error at PUT /v1/chats/{uid}',
      'http:cleanup 7',
      'http:cleanup 8',
    ]);
  });

  it('bounds the notes too, dropping the oldest', () => {
    const log = new EvidenceLog({ first: 1, last: 1, notes: 2 });
    for (const e of [exchange('first'), note('a'), note('b'), note('c'), exchange('x')]) log.record(e);
    expect(describeAll(log)).toEqual(['http:first', 'note:1 note in between not recorded', 'note:b', 'note:c', 'http:x']);
  });
});
