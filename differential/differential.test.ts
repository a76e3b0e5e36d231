/**
 * The comparison itself: two identical servers agree on every request of a sample of the corpus, and a server
 * with exactly one difference (behind a tampering front) is caught at exactly the requests it changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoApiConfig } from '../stand-ins/go-api/config.js';
import { startGoApi, type GoApiServer } from '../stand-ins/go-api/server.js';
import { dedicatedDatabase } from '../stand-ins/go-api/testing/backends.js';
import { startTamperFront, type TamperFront } from '../stand-ins/tamper/tamper-front.js';
import { allCases } from './cases/index.js';
import { buildReport } from './report.js';
import { runCases, type Secrets, type StepResult } from './run.js';

const secrets: Secrets = { jwtSecret: 'differential-test-jwt-secret-0123456789', tenantSecret: 'differential-test-tenant-secret-98765', tenantId: 'diff-tenant' };
const SAMPLE = ['lifecycle/notes', 'sync/comments', 'sessions/wipe and epoch', 'guards/GET /v1/notes', 'edges/repeated headers', 'wire/no Host header', 'wire/two Host headers'];
const cases = allCases({ claims: false, rsa: false }).filter((c) => SAMPLE.includes(c.id));

let a: GoApiServer;
let b: GoApiServer;
const fronts: TamperFront[] = [];

async function standIn(purpose: string): Promise<GoApiServer> {
  const config = loadGoApiConfig({ HTTP_ADDR: '127.0.0.1:0', JWT_HS256_SECRET: secrets.jwtSecret, TENANT_HEADER_SECRET: secrets.tenantSecret });
  return startGoApi({ config, database: await dedicatedDatabase(purpose) });
}

const compare = (bUrl: string, runId: string) => runCases(cases, [a.url, bUrl], secrets, { runId, concurrency: 4 });
/** A tampering front is itself a Node HTTP server: raw wire requests and repeated header lines do not pass it intact. */
const passesAFront = (id: string) => !id.startsWith('wire/') && id !== 'edges/repeated headers';
const compareThroughFront = (bUrl: string, runId: string) =>
  runCases(cases.filter((c) => passesAFront(c.id)), [a.url, bUrl], secrets, { runId, concurrency: 4 });
const differing = (results: readonly StepResult[]) => results.filter((r) => r.differences.length > 0);

beforeAll(async () => {
  [a, b] = await Promise.all([standIn('differential-a'), standIn('differential-b')]);
});

afterAll(async () => {
  await Promise.all([...fronts.map((f) => f.close()), a?.close(), b?.close()]);
});

describe('the differential comparison', () => {
  it('samples every family it claims to', () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...SAMPLE].sort());
  });

  it('finds no difference between two identical servers (ids, times, cursors and correlation ids normalised)', async () => {
    const results = await compare(b.url, 'same');
    expect(results.length).toBeGreaterThan(150);
    expect(differing(results)).toEqual([]);
    const report = buildReport(results, a.url, b.url, cases.length);
    expect(report).toMatchObject({ differing: 0, unexplained: 0 });
    // the record carries requests as method, path and body only: no token, signature or secret
    const text = JSON.stringify(report);
    for (const secret of [secrets.jwtSecret, secrets.tenantSecret, 'eyJ', 'Bearer ']) expect(text).not.toContain(secret);
  });

  it('catches a server that answers an epoch mismatch with 400 instead of 409, at exactly those requests', async () => {
    const front = await startTamperFront(b.url, [
      {
        when: (method, path) => method === 'GET' && path === '/v1/notes',
        rewrite: (response) => {
          if (response.status === 409) response.status = 400;
        },
      },
    ]);
    fronts.push(front);
    const results = await compareThroughFront(front.url, 'status');
    const caught = differing(results);
    expect(caught.length).toBeGreaterThan(0);
    for (const result of caught) {
      expect(result.route).toBe('GET /v1/notes');
      expect(result.differences).toEqual([{ where: 'status', a: 409, b: 400 }]);
    }
    const mismatches = results.filter((r) => r.route === 'GET /v1/notes' && 'status' in r.a && r.a.status === 409);
    expect(caught).toHaveLength(mismatches.length);
  });

  it('catches a server whose JSON differs only in key order (what a Go client would never see from encoding/json)', async () => {
    const front = await startTamperFront(b.url, [
      {
        when: (method, path) => method === 'POST' && path === '/v1/sync/sessions',
        rewrite: (response) => {
          if (response.status === 201) response.body = `${JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(response.body) as object).reverse()))}\n`;
        },
      },
    ]);
    fronts.push(front);
    const caught = differing(await compareThroughFront(front.url, 'order'));
    expect(caught.length).toBeGreaterThan(0);
    expect(new Set(caught.flatMap((r) => r.differences.map((d) => d.where)))).toEqual(new Set(['text']));
  });
});
