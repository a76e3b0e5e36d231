/**
 * The configuration matrix: every documented correct lab configuration (docs/configurations.md), started as a user
 * starts it, separate processes configured only by their environment, must pass the whole suite through
 * `npm run verify -- --target env` with 0 failures. Runs after the project tests (vitest.matrix.config.ts), one
 * configuration at a time, so the latency checks measure the target and not a busy machine. Per-configuration
 * counts and times land in reports/out/matrix/matrix.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIGURATIONS } from '../../fixtures/config-matrix/configurations.js';
import type { VerificationReport } from '../../reports/model.js';
import { optionalRequirement } from '../../framework/testing/optional.js';
import { runVerify, startLab } from './lab.js';

const OUT = fileURLToPath(new URL('../../reports/out/matrix/', import.meta.url));
const CONFIG_TIMEOUT_MS = 8 * 60_000;
const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;
const NO_POSTGRES = optionalRequirement(
  DATABASE_URL !== undefined,
  'a PostgreSQL database in DATABASE_URL',
  'point DATABASE_URL at a throwaway database; .ci/run starts a PostgreSQL 15 cluster for it',
);

interface Row {
  readonly id: string;
  readonly exitCode: number | null;
  readonly durationS: number;
  readonly summary: VerificationReport['summary'];
  readonly warned: readonly string[];
  readonly skipped: readonly string[];
}
const rows: Row[] = [];

describe('configuration matrix: every documented configuration passes the whole suite', () => {
  afterAll(() => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'matrix.json'), `${JSON.stringify(rows, null, 2)}\n`);
  });

  for (const config of CONFIGURATIONS) {
    const skip = config.postgres ? NO_POSTGRES : undefined;
    it.skipIf(skip !== undefined)(`${config.id}: ${config.title}${skip ? ` (skipped: ${skip})` : ''}`, { timeout: CONFIG_TIMEOUT_MS }, async () => {
      const lab = await startLab(config, DATABASE_URL);
      try {
        const out = join(OUT, config.id);
        const verify = config.processes.find((p) => p.script === 'verify')!;
        const run = await runVerify(lab, verify, ['--out', out]);
        const report = JSON.parse(readFileSync(join(out, 'verification-report.json'), 'utf8')) as VerificationReport;
        rows.push({
          id: config.id,
          exitCode: run.code,
          durationS: Math.round(run.durationMs / 100) / 10,
          summary: report.summary,
          warned: report.checks.filter((c) => c.status === 'warned').map((c) => c.id),
          skipped: report.checks.filter((c) => c.status === 'skipped').map((c) => c.id),
        });
        const failures = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.message ?? ''}`);
        expect(failures, run.output.slice(-4000)).toEqual([]);
        expect(run.code).toBe(0);
        // it verified the processes it was pointed at, as the env target, and says so
        expect(report.target).toMatchObject({ kind: 'env', selectedBy: 'flag', local: false, proxyUrl: lab.envOf(verify).MCP_BASE_URL });
        // what the proxy publishes: metadata exactly when an authorization server is configured
        const discoverable = config.processes.some((p) => p.script === 'proxy' && p.env.TOOLBRIDGE_JWT_ISSUER);
        expect(report.checks.find((c) => c.id === 'HEALTH-006')?.status).toBe(discoverable ? 'passed' : 'warned');
        // HTTPS is examined behind the edge; on plain loopback it is not applicable, with its reason
        const served = report.checks.find((c) => c.id === 'SEC-HTTPS-SERVED');
        expect(served?.status).toBe(config.processes.some((p) => p.script === 'edge') ? 'passed' : 'skipped');
        // the metrics port the proxy was started with was scraped and held to the contract, not skipped
        for (const id of ['OPS-METRICS-PUBLIC', 'OPS-METRICS-FORMAT', 'OPS-METRICS-LABELS']) expect(report.checks.find((c) => c.id === id)?.status, id).toBe('passed');
      } finally {
        await lab.stop();
      }
    });
  }
});
