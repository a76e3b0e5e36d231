import { describe, expect, it } from 'vitest';
import { readSchemathesisJunit } from './junit-findings.js';
import { summaryWarnings } from './schemathesis-run.js';

const JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="1" failures="1" skipped="0" tests="3" time="2.5">
  <testsuite name="schemathesis" errors="1" failures="1" skipped="0" tests="3" time="2.5">
    <testcase name="POST /v1/comments" time="1.2">
      <failure type="failure" message="ST101">1. Test Case ID: N8Pp4O

- ST101 Server error

- ST103 Undocumented HTTP status code

[500] Internal Server Error:

    \`{&quot;error&quot;:&quot;failed to create comment&quot;,&quot;correlation_id&quot;:&quot;Hqn&quot;}\`

Reproduce with:

    curl -X POST -H 'Authorization: [Filtered]' -d '{&quot;a&quot;: 1}' http://127.0.0.1:1/v1/comments

2. Test Case ID: Zz9

- ST202 Schema-valid request rejected

[400] Bad Request:

    \`{}\`

Reproduce with:

    curl -X POST http://127.0.0.1:1/v1/comments</failure>
    </testcase>
    <testcase name="GET /healthz" time="0.1"/>
    <testcase name="PUT /v1/chats/{uid}" time="0.3">
      <error type="error">Runtime Error

AST constructor recursion depth mismatch &amp; more
line three
line four</error>
    </testcase>
  </testsuite>
</testsuites>`;

describe("Schemathesis' JUnit report", () => {
  const report = readSchemathesisJunit(JUNIT);

  it('lists every operation, passing or not', () => {
    expect(report.operations).toEqual(['POST /v1/comments', 'GET /healthz', 'PUT /v1/chats/{uid}']);
  });

  it('makes one finding per code per test case, with its response and reproduction', () => {
    expect(report.findings.map((f) => [f.where, f.code])).toEqual([
      ['POST /v1/comments', 'ST101'],
      ['POST /v1/comments', 'ST103'],
      ['POST /v1/comments', 'ST202'],
    ]);
    const [serverError] = report.findings;
    expect(serverError!.summary).toBe('ST101 Server error (test case N8Pp4O, answered 500 Internal Server Error)');
    expect(report.findings[2]!.summary).toBe('ST202 Schema-valid request rejected (test case Zz9, answered 400 Bad Request)');
    expect(serverError!.detail).toContain('{"error":"failed to create comment","correlation_id":"Hqn"}');
    expect(serverError!.detail).toContain(`curl -X POST -H 'Authorization: [Filtered]' -d '{"a": 1}' http://127.0.0.1:1/v1/comments`);
    expect(serverError!.detail).not.toContain('Zz9');
  });

  it('keeps engine errors apart from findings, in short', () => {
    expect(report.errors).toEqual([{ where: 'PUT /v1/chats/{uid}', text: 'Runtime Error  AST constructor recursion depth mismatch & more' }]);
  });

  it('reads an empty report as nothing tested', () => {
    expect(readSchemathesisJunit('<testsuites/>')).toEqual({ operations: [], findings: [], errors: [] });
  });

  it('decodes XML entities in names and texts, numeric ones and CDATA too', () => {
    const report = readSchemathesisJunit(
      '<testsuites><testsuite><testcase name="GET /v1/a&amp;b"><error>&lt;a&gt; &amp;amp; &#65;&#x42;<![CDATA[ <raw> ]]></error></testcase></testsuite></testsuites>',
    );
    expect(report.operations).toEqual(['GET /v1/a&b']);
    expect(report.errors).toEqual([{ where: 'GET /v1/a&b', text: '<a> &amp; AB <raw>' }]);
  });
});

describe('the summary warnings', () => {
  it('are the lines of the Warnings section', () => {
    const stdout = 'x\nWarnings:\n  ⚠️ Authentication failed: 1 operation returned only 401/403 responses\n  ⚠️ Missing test data: 3 operations\n\nTest cases:\n  10 generated';
    expect(summaryWarnings(stdout)).toEqual(['Authentication failed: 1 operation returned only 401/403 responses', 'Missing test data: 3 operations']);
    expect(summaryWarnings('no warnings here')).toEqual([]);
  });
});
