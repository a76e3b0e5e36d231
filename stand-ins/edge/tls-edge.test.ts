import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { endToEndHeaders, startTlsEdge, type TlsEdge } from './tls-edge.js';

describe('the TLS edge forwards messages, not connections', () => {
  let upstream: Server;
  let edge: TlsEdge;
  let agent: Agent;
  const seen: Record<string, string | string[] | undefined>[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      // what the proxy answers: its own (long) keep-alive, and a hop-by-hop header named by Connection
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive, x-upstream-hop', 'keep-alive': 'timeout=65', 'x-upstream-hop': '1' });
      res.end('ok');
    });
    upstream.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    edge = await startTlsEdge(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    agent = new Agent({ connect: { ca: edge.caPem } });
  });

  afterAll(async () => {
    await agent.close();
    await edge.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  test('clients are told the edge’s own idle timeout, never the upstream’s', async () => {
    const answer = await request(`${edge.httpsUrl}/mcp`, { method: 'POST', body: '{}', dispatcher: agent });
    expect(await answer.body.text()).toBe('ok');
    // Node's default server keep-alive (5 s): announcing the proxy's 65 s made clients reuse connections the edge was closing
    expect(answer.headers['keep-alive']).toBe('timeout=5');
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
  });

  test('the client’s connection headers stay at the edge', async () => {
    // node:https, not undici: undici does not let a caller name headers in Connection
    await new Promise<void>((resolve, reject) => {
      const sent = httpsRequest(
        `${edge.httpsUrl}/mcp`,
        { method: 'POST', ca: edge.caPem, agent: false, headers: { connection: 'close, x-client-hop', 'x-client-hop': 'secret', 'x-end-to-end': 'kept' } },
        (answer) => answer.resume().on('end', resolve),
      );
      sent.on('error', reject);
      sent.end('{}');
    });
    const forwarded = seen.at(-1)!;
    expect(forwarded['x-client-hop']).toBeUndefined();
    expect(forwarded['x-end-to-end']).toBe('kept');
    expect(forwarded['x-forwarded-proto']).toBe('https');
  });
});

describe('endToEndHeaders', () => {
  test('drops RFC 9110 hop-by-hop headers and those Connection names, keeps the rest', () => {
    expect(
      endToEndHeaders({
        connection: 'close, X-Named',
        'keep-alive': 'timeout=65',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'h2c',
        'x-named': '1',
        'content-type': 'application/json',
        authorization: 'Bearer t',
      }),
    ).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t' });
  });
});
