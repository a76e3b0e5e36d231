/**
 * Differences between the real Go API and the stand-in that remain on purpose: each is below the API, in how
 * Node's HTTP parser and Go's net/http read a malformed request, and no client library sends such a request.
 * A comparison reports them as explained; any other difference is unexplained and fails the run.
 */
export interface KnownDifference {
  readonly caseId: string;
  readonly why: string;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    caseId: 'wire/lower-case method',
    why: 'net/http accepts any token as a method and chi answers 405; Node’s parser (llhttp) only knows registered methods and refuses the request line (400)',
  },
  {
    caseId: 'wire/a chunked body with a bad size',
    why: 'net/http hands the handler a body whose read fails, so the JSON decode answers 400 "invalid JSON"; llhttp fails the connection itself (Go’s plain 400)',
  },
  {
    caseId: 'wire/a body shorter than its Content-Length',
    why: 'Go’s json.Decoder answers as soon as the first JSON value is complete; the stand-in reads the whole declared body first and waits for bytes that never come',
  },
];

export function explain(caseId: string): string | undefined {
  return KNOWN_DIFFERENCES.find((known) => known.caseId === caseId)?.why;
}
