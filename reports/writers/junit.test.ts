import { describe, expect, it } from 'vitest';
import { buildSampleReport, CONTROL_CHARACTER, HOSTILE_ATTRIBUTE, HOSTILE_SCRIPT, sampleCheck } from '../testing/sample-report.js';
import { childNamed, childrenNamed, parseXml, XmlError, type XmlElement } from '../testing/xml-parse.js';
import { renderJunit } from './junit.js';
import { escapeXmlAttribute, escapeXmlText, xmlSafe } from './shared/xml.js';

function testcases(root: XmlElement): XmlElement[] {
  return childrenNamed(root, 'testsuite').flatMap((suite) => childrenNamed(suite, 'testcase'));
}

function testcase(root: XmlElement, id: string): XmlElement {
  const found = testcases(root).find((c) => c.attributes['name']?.startsWith(`${id} `));
  if (!found) throw new Error(`no testcase ${id}`);
  return found;
}

function property(testcaseElement: XmlElement, name: string): string | undefined {
  const properties = childNamed(testcaseElement, 'properties');
  return properties ? childrenNamed(properties, 'property').find((p) => p.attributes['name'] === name)?.attributes['value'] : undefined;
}

describe('the XML reader used by these tests', () => {
  it('reads a well-formed document and decodes entities', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; &#60;2&#x3E;"><b/>t&lt;&apos;<!-- c --></a>');
    expect(root.attributes['x']).toBe('1 & <2>');
    expect(root.children.map((c) => c.name)).toEqual(['b']);
    expect(root.text).toBe("t<'");
  });

  it.each([
    ['a bare ampersand', '<a>x & y</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['a forbidden control character', '<a>\u0001</a>'],
    ['a forbidden character reference', '<a>&#1;</a>'],
    ['a lone surrogate', '<a>\uD800</a>'],
    ['"<" in an attribute', '<a x="<"/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['two roots', '<a/><b/>'],
    ['"]]>" in text', '<a>]]></a>'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('normalises literal line ends like a real parser', () => {
    expect(parseXml('<a x="1\r\n2">l1\r\nl2\rl3</a>')).toMatchObject({ attributes: { x: '1 2' }, text: 'l1\nl2\nl3' });
  });
});

describe('XML escaping', () => {
  it('replaces every character XML 1.0 forbids with a visible \\uXXXX and keeps the rest', () => {
    expect(xmlSafe('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFF')).toBe('a\\u0000b\\u0008c\\u000Bd\\u001Fe\\uFFFEf\\uFFFF');
    expect(xmlSafe('lone \uD800 and \uDC00 surrogates')).toBe('lone \\uD800 and \\uDC00 surrogates');
    expect(xmlSafe('tab\tnl\ncr\r emoji 🚀 é ✓')).toBe('tab\tnl\ncr\r emoji 🚀 é ✓');
  });

  it('round-trips arbitrary text through element content and attributes', () => {
    const nasty = `a & b < c > d "q" 'a' ]]> tab\tnewline\ncr\r ${HOSTILE_SCRIPT} 🚀`;
    const root = parseXml(`<r a="${escapeXmlAttribute(nasty)}">${escapeXmlText(nasty)}</r>`);
    expect(root.attributes['a']).toBe(nasty);
    expect(root.text).toBe(nasty);
  });

  it('keeps control characters readable instead of dropping them', () => {
    const root = parseXml(`<r a="${escapeXmlAttribute(`x${CONTROL_CHARACTER}y`)}">${escapeXmlText(`x${CONTROL_CHARACTER}y`)}</r>`);
    expect(root.attributes['a']).toBe('x\\u0001y');
    expect(root.text).toBe('x\\u0001y');
  });
});

describe('junit.xml', () => {
  const report = buildSampleReport();
  const xml = renderJunit(report);
  const root = parseXml(xml);

  it('is well-formed, starts with the XML declaration, and has one testsuite per area', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(root.name).toBe('testsuites');
    const suites = childrenNamed(root, 'testsuite');
    expect(suites.map((s) => s.attributes['name'])).toEqual(['health', 'go-api', 'e2e', 'latency', 'security/jwt', 'security/skew', 'security/https']);
    expect(testcases(root)).toHaveLength(report.checks.length);
  });

  it('counts tests, failures (blocking + stale baseline) and skipped (skips + expected failures) per suite and in total', () => {
    expect(root.attributes).toMatchObject({ tests: '13', failures: '2', errors: '0', skipped: '2', time: '83.456', timestamp: '2025-11-24T10:00:00' });
    for (const suite of childrenNamed(root, 'testsuite')) {
      const cases = childrenNamed(suite, 'testcase');
      expect(suite.attributes['tests']).toBe(String(cases.length));
      expect(suite.attributes['failures']).toBe(String(cases.filter((c) => childNamed(c, 'failure')).length));
      expect(suite.attributes['skipped']).toBe(String(cases.filter((c) => childNamed(c, 'skipped')).length));
      expect(suite.attributes['errors']).toBe('0');
      expect(suite.attributes['timestamp']).toBe('2025-11-24T10:00:00');
      expect(suite.attributes['time']).toMatch(/^\d+\.\d{3}$/);
    }
    const byName = Object.fromEntries(childrenNamed(root, 'testsuite').map((s) => [s.attributes['name'], s.attributes]));
    expect(byName['e2e']).toMatchObject({ tests: '2', failures: '1', skipped: '0' });
    expect(byName['security/skew']).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(byName['go-api']).toMatchObject({ tests: '2', failures: '1' });
  });

  it('names test cases by area class, id and title, with time in seconds and severity/requirement properties', () => {
    const c = testcase(root, 'HEALTH-001');
    expect(c.attributes).toEqual({ classname: 'toolbridge-verify.health', name: 'HEALTH-001 Proxy liveness answers without auth', time: '0.042' });
    expect(property(c, 'severity')).toBe('critical');
    expect(property(c, 'requirement')).toBe('issue #3: GET / → 200 liveness JSON (service, version)');
    expect(childNamed(c, 'failure')).toBeUndefined();
    expect(testcase(root, 'SEC-JWT-NONE').attributes['classname']).toBe('toolbridge-verify.security/jwt');
  });

  it('reports a blocking failure with its message and a compact evidence summary, hostile text intact but inert', () => {
    const failure = childNamed(testcase(root, 'E2E-GO-ERRORS'), 'failure')!;
    expect(failure.attributes['type']).toBe('blocking');
    expect(failure.attributes['message']).toBe('expected the error to carry X-Correlation-ID, got none\\u0001 (raw body echoed below)');
    expect(failure.text).toContain('evidence:\n  - [get missing note] MCP get_note → tool error (45.2 ms): Go API 404: note not found: ');
    expect(failure.text).toContain(HOSTILE_SCRIPT);
    expect(failure.text).toContain('[reflected error body] GET https://toolbridge-api-staging.fly.dev/v1/notes/%22%3E%3Cimg → 404 (33.3 ms)');
    expect(xml).not.toContain(HOSTILE_SCRIPT);
    expect(xml).not.toContain(HOSTILE_ATTRIBUTE);
  });

  it('turns a stale baseline entry into a failure and an expected failure into a skip', () => {
    const stale = childNamed(testcase(root, 'GOAPI-RATE-LIMIT'), 'failure')!;
    expect(stale.attributes['type']).toBe('baseline-stale');
    expect(stale.attributes['message']).toContain('remove GOAPI-RATE-LIMIT from the baseline');
    const expected = childNamed(testcase(root, 'SEC-SKEW-REPLAY'), 'skipped')!;
    expect(expected.attributes).toEqual({ message: 'expected failure (baseline): the same X-TB-Signature was accepted twice within the skew window', type: 'expected-failure' });
    expect(property(testcase(root, 'SEC-SKEW-REPLAY'), 'status')).toBe('failed');
  });

  it('skips skipped checks with the reason and lets warnings pass with the warning in system-out', () => {
    expect(childNamed(testcase(root, 'SEC-HTTPS-HSTS'), 'skipped')!.attributes['message']).toBe('the target has no TLS edge');
    const posture = testcase(root, 'SEC-JWT-EXP-OPTIONAL');
    expect(childNamed(posture, 'failure')).toBeUndefined();
    expect(childNamed(posture, 'system-out')!.text).toBe('WARNING: posture finding: the Go API accepts a token without exp');
    expect(childNamed(testcase(root, 'LAT-003'), 'system-out')!.text).toBe('WARNING (policy: warn (was failed)): p95 612 ms ≥ 500 ms: PATCH /v1/notes/{uid} 612 ms');
  });

  it('writes a valid, empty document when no check ran', () => {
    const empty = parseXml(renderJunit(buildSampleReport({ checks: [] })));
    expect(empty.attributes).toMatchObject({ tests: '0', failures: '0', skipped: '0' });
    expect(empty.children).toEqual([]);
  });

  it('survives every kind of hostile text in every field', () => {
    const hostile = `x\u0000\u001B\uD800]]>&<>"'\r\n${HOSTILE_SCRIPT}`;
    const check = sampleCheck({
      id: 'X-1',
      title: hostile,
      requirement: hostile,
      status: 'failed',
      gate: 'blocking',
      message: hostile,
      evidence: [{ kind: 'note', text: hostile }],
    });
    const parsed = parseXml(renderJunit(buildSampleReport({ checks: [check] })));
    expect(testcase(parsed, 'X-1').attributes['name']).toBe('X-1 x\\u0000\\u001B\\uD800]]>&<>"\'\r\n' + HOSTILE_SCRIPT);
  });
});
