#!/usr/bin/env node
/**
 * `npm run verify` / `toolbridge-verify`: verify a ToolBridge deployment and gate on the verdict.
 * Exit codes: 0 gate passed, 1 gate failed, 2 usage or configuration error, 3 target unreachable.
 */
import { resolve } from 'node:path';
import { writeReports } from '../../reports/writers/index.js';
import { allChecks } from '../../suites/catalogue.js';
import { BaselineError } from '../run/baseline.js';
import { PolicyError } from '../../framework/model/policy.js';
import { ConfigurationError, remoteSpec, resolveSelection, runVerification, type VerifyOptions } from '../run/verify-run.js';
import { describeSelection, describeTarget, type TargetSelection } from '../run/select.js';
import { isTenantsFile, TargetConfigError } from '../../framework/target/spec.js';
import { EXIT, parseVerifyArgs, USAGE, UsageError } from './args.js';
import { Progress } from './progress.js';
import { describeTenants, verifyTenants } from './verify-tenants.js';

/** What the user must know about the target choice goes to stderr, loudly, whatever else is printed. */
function printNotices(selection: TargetSelection): void {
  for (const notice of selection.notices) process.stderr.write(`toolbridge-verify: NOTICE: ${notice}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseVerifyArgs(argv, process.env, process.stdout.isTTY === true);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`toolbridge-verify: ${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  if (args.list) {
    for (const check of allChecks()) process.stdout.write(`${check.id.padEnd(28)} ${check.area.padEnd(20)} ${check.severity.padEnd(9)} ${check.title}\n`);
    return EXIT.passed;
  }

  const progress = new Progress(process.stdout, args.ci);
  try {
    const selection = resolveSelection(args.target, process.env);
    const tenants = selection.kind === 'file' && isTenantsFile(selection.source) ? { ...selection, kind: 'file' as const } : undefined;
    if (args.dryRun) {
      printNotices(selection);
      process.stdout.write(`${tenants ? describeTenants(tenants, process.env) : describeTarget(selection, remoteSpec(selection, process.env, 'dry-run'))}\n`);
      return EXIT.passed;
    }
    const options: VerifyOptions = {
      target: args.target,
      suites: args.suites,
      checks: args.checks,
      policyPath: args.policy,
      baselinePath: args.baseline,
      env: process.env,
      deadlineMs: args.timeoutMs,
      requestTimeoutMs: args.requestTimeoutMs,
      failFast: args.failFast,
      mcpTransport: args.mcpTransport,
      onSelection: (selection) => {
        progress.stage(describeSelection(selection));
        printNotices(selection);
      },
      onTarget: (spec) => progress.stage(`verifying proxy ${spec.proxyUrl} (MCP ${spec.mcpUrl}) and Go API ${spec.goApiUrl}`),
      onResult: (r) => progress.result(r),
      onStage: (m) => progress.stage(m),
    };
    if (tenants) return await verifyTenants(tenants, options, resolve(args.out), progress);
    const outcome = await runVerification(options);
    if (outcome.kind === 'unreachable') {
      for (const p of outcome.problems) process.stderr.write(`toolbridge-verify: target unreachable: ${p.what} at ${p.url}: ${p.reason}\n`);
      process.stderr.write('Check the URLs and that the deployment is running (fly status), then try again.\n');
      return EXIT.unreachable;
    }
    const files = await writeReports(outcome.report, resolve(args.out));
    progress.summary(outcome.report, files);
    return outcome.report.verdict === 'passed' ? EXIT.passed : EXIT.failed;
  } catch (error) {
    if (error instanceof TargetConfigError || error instanceof ConfigurationError || error instanceof PolicyError || error instanceof BaselineError) {
      process.stderr.write(`toolbridge-verify: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`toolbridge-verify: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
