/**
 * The handshake probe reads the server's own answer, so a client that gives up on its side is never mistaken for a
 * server refusal: against an edge that accepts TLS 1.0, a client left at OpenSSL 3's default security level aborts
 * after the ServerHello, and the bytes still show the server agreed to TLS 1.0.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTlsEdge, type TlsEdge } from '../../../../stand-ins/edge/tls-edge.js';
import { handshake } from './tls-handshake.js';
import { parseClientHello, parseServerAnswer } from './tls-records.js';

// nothing is forwarded: only handshakes are made
const UPSTREAM = 'http://127.0.0.1:9';

describe('TLS handshake probe', () => {
  let legacy: TlsEdge;
  let modern: TlsEdge;
  const port = (edge: TlsEdge) => Number(new URL(edge.httpsUrl).port);

  beforeAll(async () => {
    [legacy, modern] = await Promise.all([startTlsEdge(UPSTREAM, { allowTls10: true }), startTlsEdge(UPSTREAM)]);
  });
  afterAll(async () => {
    await Promise.all([legacy.close(), modern.close()]);
  });

  test('with legacy ciphers the client completes TLS 1.0 against an edge that allows it', async () => {
    const outcome = await handshake({ host: '127.0.0.1', port: port(legacy), minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') return;
    expect(outcome.protocol).toBe('TLSv1');
    expect(parseClientHello(outcome.sent)).toMatchObject({ offered: ['TLSv1'], highest: 'TLSv1' });
    expect(parseServerAnswer(outcome.received)).toEqual({ kind: 'server-hello', version: 'TLSv1' });
  });

  test('a client that aborts after the ServerHello still shows the server agreed', async () => {
    const outcome = await handshake({ host: '127.0.0.1', port: port(legacy), minVersion: 'TLSv1', maxVersion: 'TLSv1' });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(parseServerAnswer(outcome.received)).toEqual({ kind: 'server-hello', version: 'TLSv1' });
  });

  test('a refusing edge answers a TLS 1.0 ClientHello with a protocol_version alert', async () => {
    const outcome = await handshake({ host: '127.0.0.1', port: port(modern), minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'unreachable') return;
    expect(parseClientHello(outcome.sent)?.highest).toBe('TLSv1');
    expect(parseServerAnswer(outcome.received)).toMatchObject({ kind: 'alert', name: 'protocol_version' });
  });

  test('a TLS 1.3 ClientHello lists its versions in supported_versions', async () => {
    const outcome = await handshake({ host: '127.0.0.1', port: port(modern), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    if (outcome.kind === 'unreachable') throw new Error(outcome.error);
    expect(parseClientHello(outcome.sent)?.offered).toEqual(['TLSv1.3', 'TLSv1.2']);
    expect(parseServerAnswer(outcome.received)).toEqual({ kind: 'server-hello', version: 'TLSv1.3' });
  });

  test('nothing listening is unreachable, not a refusal', async () => {
    expect((await handshake({ host: '127.0.0.1', port: 9, timeoutMs: 2000 })).kind).toBe('unreachable');
  });
});
