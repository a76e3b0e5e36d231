/**
 * Requests no HTTP client library would send, written byte for byte: what the server's HTTP stack does before
 * any handler runs (framing, header syntax, protocol versions, sizes, request smuggling shapes).
 */
import { SESSION_STEP, step, type Case, type Step } from '../case.js';

const AUTH = 'Authorization: Bearer {{token}}\r\n{{tenant}}{{session-headers}}';
const note = '{"title":"wire","content":"wire"}';

function wire(label: string, bytes: string): Step {
  const [method = '?', path = '?'] = bytes.split(' ');
  return step(label, { method, path, wire: bytes });
}

const WIRE: readonly (readonly [string, string])[] = [
  ['a plain GET', 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['no Host header', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'],
  ['two Host headers', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n'],
  ['HTTP/1.0 without Host', 'GET /healthz HTTP/1.0\r\n\r\n'],
  ['HTTP/2.0 in the request line', 'GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n'],
  ['HTTP/1.2 in the request line', 'GET /healthz HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['HTTP/0.9 style', 'GET /healthz\r\n\r\n'],
  ['garbage request line', 'GARBAGE\r\n\r\n'],
  ['lower-case method', 'get /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['absolute-form target', 'GET http://x/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['asterisk-form target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\nConnection: close\r\n\r\n'],
  ['a space before the colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Test : 1\r\nConnection: close\r\n\r\n'],
  ['an obsolete folded header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Test: 1\r\n 2\r\nConnection: close\r\n\r\n'],
  ['bare LF line endings', 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n'],
  ['a NUL in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Test: a\u0000b\r\nConnection: close\r\n\r\n'],
  ['a malformed escape in the path', 'GET /v1/no%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
  ['a header block over 1 MiB + 4 KiB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat((1 << 20) + 5_000)}\r\nConnection: close\r\n\r\n`],
  ['a header block just under 1 MiB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat((1 << 20) - 2_000)}\r\nConnection: close\r\n\r\n`],
  ['Content-Length and Transfer-Encoding together', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${note.length.toString(16)}\r\n${note}\r\n0\r\n\r\n`],
  ['two different Content-Lengths', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}x`],
  ['a negative Content-Length', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: -1\r\nConnection: close\r\n\r\n{}`],
  ['Transfer-Encoding: gzip, chunked', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
  ['a chunked body with an extension', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${note.length.toString(16)};ext=1\r\n${note}\r\n0\r\n\r\n`],
  ['a chunked body with a bad size', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
  ['a chunked body with a trailer', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${note.length.toString(16)}\r\n${note}\r\n0\r\nX-Trailer: 1\r\n\r\n`],
  ['Expect: 100-continue', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: ${note.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n${note}`],
  ['an unknown Expect', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: ${note.length}\r\nExpect: something\r\nConnection: close\r\n\r\n${note}`],
  ['a body shorter than its Content-Length', `POST /v1/notes HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: 100\r\nConnection: close\r\n\r\n{}`],
  ['a pipelined second request', 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
];

/** One case per request: a request one server accepts and the other refuses must not shift the next one's ids. */
export function wireCases(): Case[] {
  return WIRE.map(([label, bytes]) => ({ id: `wire/${label}`, steps: [SESSION_STEP, wire(label, bytes)] }));
}
