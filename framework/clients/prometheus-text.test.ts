import { describe, expect, it } from 'vitest';
import { readExposition } from './prometheus-text.js';

const GOOD = `# HELP calls_total Calls.
# TYPE calls_total counter
calls_total{tool="a",outcome="ok"} 3
calls_total{tool="b",outcome="ok"} 0
# HELP d Duration.
# TYPE d histogram
d_bucket{le="0.1",tool="a"} 1
d_bucket{le="1",tool="a"} 2
d_bucket{le="+Inf",tool="a"} 3
d_sum{tool="a"} 1.5
d_count{tool="a"} 3
d_bucket{le="0.1",tool="b"} 0
d_bucket{le="+Inf",tool="b"} 0
d_sum{tool="b"} 0
d_count{tool="b"} 0
# TYPE up gauge
up 1
esc{v="a\\"b\\\\c"} 1
`;

describe('readExposition', () => {
  it('reads families, types, labels and values, histograms by their labelled series', () => {
    const { families, problems } = readExposition(GOOD);
    expect(problems).toEqual([]);
    expect(families.get('calls_total')).toMatchObject({ type: 'counter', help: 'Calls.' });
    expect(families.get('calls_total')!.series).toEqual([
      { name: 'calls_total', labels: { tool: 'a', outcome: 'ok' }, value: 3 },
      { name: 'calls_total', labels: { tool: 'b', outcome: 'ok' }, value: 0 },
    ]);
    expect(families.get('d')!.series.filter((s) => s.name === 'd_count').map((s) => [s.labels.tool, s.value])).toEqual([
      ['a', 3],
      ['b', 0],
    ]);
    expect(families.get('up')).toMatchObject({ type: 'gauge', series: [{ value: 1 }] });
    expect(families.get('esc')!.series[0]!.labels.v).toBe('a"b\\c');
    expect(families.get('esc')!.type).toBe('untyped');
  });

  it.each([
    ['a sample that is not one', 'calls_total{tool="a"} three', /value "three" is not a number|not a sample/],
    ['a bad metric name', '# TYPE 1calls counter\n1calls 1', /invalid metric name|not a sample/],
    ['a bad label name', 'x{1a="b"} 1', /invalid label name/],
    ['unterminated labels', 'x{a="b} 1', /malformed labels|not a sample/],
    ['a duplicate series', 'x{a="b"} 1\nx{a="b"} 2', /duplicate series/],
    ['two TYPE lines', '# TYPE x counter\n# TYPE x gauge\nx 1', /a second TYPE/],
    ['TYPE after samples', 'x 1\n# TYPE x gauge', /TYPE of x after its samples/],
    ['a negative counter', '# TYPE c_total counter\nc_total -1', /counter below zero/],
    ['buckets that shrink', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 3\nh_count 3', /not cumulative/],
    ['no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1', /no le="\+Inf" bucket/],
    ['+Inf differs from _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3', /differs from _count/],
  ])('finds %s', (_what, text, problem) => {
    expect(readExposition(text).problems.join('\n')).toMatch(problem);
  });
});
