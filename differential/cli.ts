/**
 * `npm run differential -- --a URL --b URL`: tells two Go API servers the same stories and reports every answer
 * that differs. It knows nothing of how either server was built; both must accept HS256 tokens signed with
 * DIFF_JWT_SECRET and tenant headers signed with DIFF_TENANT_SECRET (their own databases, no other traffic).
 * Servers that require iss/aud (AUTH0 mode) get them from DIFF_JWT_ISSUER/DIFF_JWT_AUDIENCE; with the identity
 * provider's key (DIFF_JWT_PRIVATE_KEY, PKCS#8 PEM, and DIFF_JWT_KID) RS-family tokens are compared too.
 *
 *   DIFF_JWT_SECRET=… DIFF_TENANT_SECRET=… npm run differential -- --a http://127.0.0.1:8081 --b http://127.0.0.1:8082
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { allCases } from './cases/index.js';
import { closeConnections } from './exchange.js';
import { buildReport, reportMarkdown } from './report.js';
import { runCases, type Secrets } from './run.js';

const loopbackHttp = z
  .url({ protocol: /^http$/, error: 'must be an http:// URL' })
  .refine((u) => URL.canParse(u) && ['127.0.0.1', '[::1]', 'localhost'].includes(new URL(u).hostname), 'must be a loopback address (differential traffic stays on this machine)');

const Options = z.object({
  a: loopbackHttp,
  b: loopbackHttp,
  out: z.string().min(1).default('differential-report'),
  only: z.string().optional(),
  concurrency: z.coerce.number().int().min(1).max(32).default(6),
});

const Env = z.object({
  DIFF_JWT_SECRET: z.string({ error: 'is required: the HS256 secret both servers verify tokens with' }).min(1),
  DIFF_TENANT_SECRET: z.string({ error: 'is required: the tenant header secret both servers share' }).min(1),
  DIFF_TENANT_ID: z.string().min(1).default('diff-tenant'),
  DIFF_JWT_ISSUER: z.string().min(1).optional(),
  DIFF_JWT_AUDIENCE: z.string().min(1).optional(),
  DIFF_JWT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { error: 'must be a PKCS#8 PEM private key' }).optional(),
  DIFF_JWT_KID: z.string().min(1).optional(),
});

export class UsageError extends Error {}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const listIssues = (title: string, issues: readonly Issue[]) =>
  `${title}\n${issues.map((i) => `  - ${i.path.map(String).join('.') || '(input)'}: ${i.message}`).join('\n')}`;

export interface Invocation {
  readonly options: z.infer<typeof Options>;
  readonly secrets: Secrets;
}

/** Flags and environment, validated together; every problem is named. */
export function parseInvocation(argv: readonly string[], environment: NodeJS.ProcessEnv): Invocation {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { a: { type: 'string' }, b: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' }, concurrency: { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const options = Options.safeParse(values);
  const env = Env.safeParse(environment);
  const envIssues: Issue[] = [
    ...(env.success ? [] : env.error.issues),
    ...(!environment.DIFF_JWT_PRIVATE_KEY === !environment.DIFF_JWT_KID ? [] : [{ path: ['DIFF_JWT_KID'], message: 'DIFF_JWT_PRIVATE_KEY and DIFF_JWT_KID go together' }]),
  ];
  const problems = [
    ...(options.success ? [] : [listIssues(`invalid options (${USAGE}):`, options.error.issues)]),
    ...(envIssues.length > 0 ? [listIssues('invalid environment:', envIssues)] : []),
  ];
  if (!options.success || !env.success || problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    options: options.data,
    secrets: {
      jwtSecret: env.data.DIFF_JWT_SECRET,
      tenantSecret: env.data.DIFF_TENANT_SECRET,
      tenantId: env.data.DIFF_TENANT_ID,
      issuer: env.data.DIFF_JWT_ISSUER,
      audience: env.data.DIFF_JWT_AUDIENCE,
      rsaPrivateKeyPem: env.data.DIFF_JWT_PRIVATE_KEY,
      rsaKid: env.data.DIFF_JWT_KID,
    },
  };
}

const USAGE = 'usage: --a URL --b URL [--out DIR] [--only TEXT] [--concurrency N]';

async function main(): Promise<void> {
  let invocation: Invocation;
  try {
    invocation = parseInvocation(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const { options, secrets } = invocation;
  const tokenOptions = { claims: Boolean(secrets.issuer || secrets.audience), rsa: Boolean(secrets.rsaPrivateKeyPem) };
  const cases = allCases(tokenOptions).filter((c) => !options.only || c.id.includes(options.only));
  const started = Date.now();
  const results = await runCases(cases, [options.a, options.b], secrets, {
    runId: randomUUID().slice(0, 8),
    concurrency: options.concurrency,
    onCase: (done) => {
      if (done % 25 === 0 || done === cases.length) process.stderr.write(`  ${done}/${cases.length} cases\n`);
    },
  });
  closeConnections();
  const report = buildReport(results, options.a, options.b, cases.length);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'differential.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'differential.md'), reportMarkdown(report));
  process.stdout.write(
    `${report.cases} cases, ${report.requests} requests per side in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${report.unexplained} unexplained differences, ${report.explained} explained\n` +
      `  ${join(out, 'differential.md')}\n`,
  );
  process.exitCode = report.unexplained > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
