import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPassThrough, type PassThrough } from './pass-through.js';

describe('the pass-through (the bench’s limit for a Node proxy)', () => {
  let upstream: Server;
  let passThrough: PassThrough;
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'x-upstream-only': '1' });
        res.end(JSON.stringify({ echoed: body }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    passThrough = await startPassThrough({ upstreamUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await passThrough.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  test('forwards method, path, query, end-to-end headers and body, and answers with the upstream’s status and body', async () => {
    const answer = await request(`${passThrough.url}/v1/notes?limit=20`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'x-tb-signature': 'abc', 'content-type': 'application/json' },
      body: '{"title":"x"}',
    });
    expect(answer.statusCode).toBe(201);
    expect(await answer.body.json()).toEqual({ echoed: '{"title":"x"}' });
    const forwarded = seen.at(-1)!;
    expect(forwarded).toMatchObject({ method: 'POST', url: '/v1/notes?limit=20', body: '{"title":"x"}' });
    expect(forwarded.headers).toMatchObject({ authorization: 'Bearer t', 'x-tb-signature': 'abc', 'content-type': 'application/json' });
    expect(passThrough.forwarded()).toBe(1);
  });

  test('an upstream that is gone is a 502, not a hang', async () => {
    const orphan = await startPassThrough({ upstreamUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    try {
      const answer = await request(`${orphan.url}/v1/notes`);
      expect(answer.statusCode).toBe(502);
      await answer.body.dump();
    } finally {
      await orphan.close();
    }
  });
});
