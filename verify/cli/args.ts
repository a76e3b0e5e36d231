/**
 * Command-line flags of `toolbridge-verify`, validated with zod.
 */
import { MCP_TRANSPORT_CHOICES, type McpTransportChoice } from '../../framework/model/mcp-endpoint.js';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../framework/clients/http.js';
import { DEFAULT_DEADLINE_MS, parseDuration } from '../run/deadline.js';

export const EXIT = { passed: 0, failed: 1, usage: 2, unreachable: 3 } as const;

export const USAGE = `Usage: toolbridge-verify [options]

Verifies a ToolBridge deployment (MCP proxy + Go API) and decides whether it may ship.

Options:
  --target <local|env|file.json>  what to verify. Without --target, target variables in the environment
                                  select env (an incomplete set is an error naming what is missing) and
                                  none select local.
                                    local      boot the Go API stand-in and the proxy in-process
                                    env        MCP_BASE_URL, GO_API_BASE_URL, JWT_SECRET (or JWT_PRIVATE_KEY
                                               + JWT_KID), JWT_ISSUER, JWT_AUDIENCE, TENANT_ID,
                                               TENANT_HEADER_SECRET; optional MCP_HTTP_BASE_URL (the
                                               cleartext twin), MCP_CA_CERT (a PEM file to trust),
                                               MCP_TRANSPORT and METRICS_URL (the proxy's private
                                               /metrics); MCP_BASE_URL may name the base, /mcp or /sse
                                    file.json  the same fields in camelCase; "env:NAME" values are read
                                               from the environment. With "tenants": [...] (each named;
                                               the other fields are their defaults) every tenant is
                                               verified into <out>/<name>/, isolation is probed between
                                               them, and <out>/index.json + index.md give one verdict per
                                               tenant and an overall one
  --dry-run                       print which target would be verified, and why, then exit
  --suite <names>                 comma-separated suites (default: all): health, go-api, e2e, latency, security,
                                  fuzz (Schemathesis), conformance (the MCP conformance suite), operations
                                  (metrics)
                                  (security/jwt etc. select one security area)
  --check <ids>                   comma-separated check ids, * wildcards allowed (e.g. GOAPI-NOTES-*)
  --out <dir>                     report folder (default: reports/out)
  --policy <file.json>            per-check ignore/warn/fail, accepted engine findings, latency and fuzz budgets
  --baseline <file.json>          expected failures; a listed check that passes fails the gate
  --timeout <duration>            deadline for the whole run, e.g. 10m or 900s (default: 15m); checks
                                  still running then are cancelled and the gate fails
  --request-timeout <duration>    each HTTP request and MCP call of a check (default: 30s)
  --mcp-transport <auto|http|sse> how to talk MCP to the proxy (default: the target's MCP_TRANSPORT, else auto):
                                  Streamable HTTP, the legacy HTTP+SSE transport, or auto (Streamable HTTP,
                                  falling back to SSE on 400/404/405 as the MCP specification describes)
  --no-fail-fast                  run every check even when the target is far slower than the latency gate
  --ci                            line-based output without colours (default when CI is set or not a TTY)
  --list                          print the check catalogue and exit
  -h, --help                      show this help

Exit codes: 0 gate passed, 1 gate failed, 2 usage or configuration error, 3 target unreachable.
Reports: verification-report.json, junit.xml, ctrf.json, summary.md, report.html (and security.sarif).`;

export interface VerifyArgs {
  /** undefined: the environment decides (verify/run/select.ts) */
  readonly target: string | undefined;
  readonly suites: readonly string[];
  readonly checks: readonly string[];
  readonly out: string;
  readonly policy: string | undefined;
  readonly baseline: string | undefined;
  readonly ci: boolean;
  readonly list: boolean;
  readonly help: boolean;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly failFast: boolean;
  /** undefined: the target's own setting (MCP_TRANSPORT / mcpTransport), else auto */
  readonly mcpTransport: McpTransportChoice | undefined;
}

export class UsageError extends Error {}

const commaList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const duration = (flag: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const ms = parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `${flag} takes a duration such as 90s, 15m or 1h, got "${value}"` });
        return z.NEVER;
      }
      return ms;
    });

const ArgsSchema = z.object({
  target: z.string().min(1, '--target needs a value').optional(),
  suite: commaList.pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)?$/, 'suite names look like "go-api" or "security/jwt"'))),
  check: commaList.pipe(z.array(z.string().regex(/^[A-Za-z0-9*_-]+$/, 'check ids look like HEALTH-001 or GOAPI-NOTES-*').transform((s) => s.toUpperCase()))),
  out: z.string().min(1).default('reports/out'),
  policy: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  ci: z.boolean().default(false),
  list: z.boolean().default(false),
  help: z.boolean().default(false),
  'dry-run': z.boolean().default(false),
  timeout: duration('--timeout', DEFAULT_DEADLINE_MS),
  'request-timeout': duration('--request-timeout', DEFAULT_REQUEST_TIMEOUT_MS),
  'no-fail-fast': z.boolean().default(false),
  'mcp-transport': z.enum(MCP_TRANSPORT_CHOICES, { error: 'takes auto, http or sse' }).optional(),
});

export function parseVerifyArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, isTty: boolean): VerifyArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        suite: { type: 'string' },
        check: { type: 'string' },
        out: { type: 'string' },
        policy: { type: 'string' },
        baseline: { type: 'string' },
        ci: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'dry-run': { type: 'boolean' },
        timeout: { type: 'string' },
        'request-timeout': { type: 'string' },
        'no-fail-fast': { type: 'boolean' },
        'mcp-transport': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
  }
  const a = parsed.data;
  return {
    target: a.target,
    suites: a.suite,
    checks: a.check,
    out: a.out,
    policy: a.policy,
    baseline: a.baseline,
    ci: a.ci || !isTty || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false'),
    list: a.list,
    help: a.help,
    dryRun: a['dry-run'],
    timeoutMs: a.timeout,
    requestTimeoutMs: a['request-timeout'],
    failFast: !a['no-fail-fast'],
    mcpTransport: a['mcp-transport'],
  };
}
