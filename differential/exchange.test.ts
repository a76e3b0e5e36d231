import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWire } from './exchange.js';

let server: Server | undefined;

/** A server that writes `answer` to every connection, then closes it or leaves it open. */
async function scripted(answer: string, close: boolean): Promise<string> {
  server = createServer((socket) => {
    socket.once('data', () => (close ? socket.end(answer, 'latin1') : socket.write(answer, 'latin1')));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('sendWire', () => {
  it('reads an answer with a Content-Length without waiting for the connection to close', async () => {
    const url = await scripted('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', false);
    expect(await sendWire(url, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual({ status: 200, reason: 'OK', headers: { 'content-length': '2' }, body: 'ok' });
  });

  it('skips an interim 100 Continue and decodes a chunked body', async () => {
    const url = await scripted('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n1\r\n\n\r\n0\r\n\r\n', false);
    const answer = await sendWire(url, 'POST / HTTP/1.1\r\n\r\n');
    expect([answer.status, answer.body]).toEqual([201, '{}\n']);
  });

  it('keeps the reason phrase and a body ended by the close', async () => {
    const url = await scripted('HTTP/1.1 400 Bad Request: missing required Host header\r\nConnection: close\r\n\r\n400 Bad Request: missing required Host header', true);
    const answer = await sendWire(url, 'GET / HTTP/1.1\r\n\r\n');
    expect([answer.status, answer.reason, answer.body]).toEqual([400, 'Bad Request: missing required Host header', '400 Bad Request: missing required Host header']);
  });

  it('reports a connection closed without an answer as status 0', async () => {
    const url = await scripted('', true);
    expect((await sendWire(url, 'GET / HTTP/1.1\r\n\r\n')).status).toBe(0);
  });
});
