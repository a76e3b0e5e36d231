#!/usr/bin/env node
/**
 * `npm run load`: the load scenario against a target, with k6 when it is on PATH and the built-in runner otherwise.
 * Exit codes: 0 thresholds passed, 99 a threshold breached (as k6), 1 verification gate failed (--verify), 2 usage
 * or configuration error, 3 target unreachable.
 */
import { runLoadCommand } from './load-command.js';

runLoadCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTty: process.stdout.isTTY === true,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
