/**
 * `npm run bench`: the proxy-overhead benchmark (load/bench/bench.ts); writes <out>/bench.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderBench, runBench } from '../bench/bench.js';
import { BENCH_USAGE, EXIT, UsageError, parseBenchArgs, type BenchArgs } from './args.js';

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${BENCH_USAGE}\n`);
    return EXIT.usage;
  }
  if (args.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return EXIT.passed;
  }
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const result = await runBench(args, command, (line) => process.stdout.write(`› ${line}\n`));
  await mkdir(resolve(args.out), { recursive: true });
  const file = resolve(args.out, 'bench.json');
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`, 'utf8');
  process.stdout.write(`${renderBench(result)}wrote ${file}\n`);
  return EXIT.passed;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
