/**
 * The `npm run verify` command lines the docs show, extracted from their own code blocks (Markdown ```sh/bash
 * blocks, `run:` steps of the example workflows with their `env:`, and the workflows' steps that use this
 * repository's action with their `with:` and `env:`), as words: the variables each line assigns and the arguments
 * it passes. Tests run every one against a stub environment to see which target it selects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface DocumentedCommand {
  /** repo-relative file and 1-based line, for messages */
  readonly where: string;
  readonly text: string;
  /** NAME=value words before the command (or a workflow step's env) */
  readonly assigns: Readonly<Record<string, string>>;
  /** the verify CLI's own arguments */
  readonly args: readonly string[];
}

/** Shell words: quotes and $(…) kept inside a word, # comments and trailing & dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '$' && line[i + 1] === '(') {
      depth++;
      word += '$(';
      i++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      word += ch;
    } else if (depth === 0 && /\s/.test(ch)) {
      if (word) words.push(word);
      word = '';
    } else if (depth === 0 && ch === '#' && word === '') break;
    else word += ch;
  }
  if (word) words.push(word);
  return words.filter((w) => w !== '&');
}

const VERIFY = /(?:npm run verify|toolbridge-verify)(?:\s|$)/;

/** One logical command line (after `\` continuations), if it runs verify. */
function commandOf(where: string, line: string, extraAssigns: Readonly<Record<string, string>> = {}): DocumentedCommand | undefined {
  const segment = line.split(/&&|;|\|\|/).find((part) => VERIFY.test(part));
  if (!segment) return undefined;
  const words = shellWords(segment);
  const assigns: Record<string, string> = { ...extraAssigns };
  let i = 0;
  for (; i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]!); i++) {
    const [name, ...value] = words[i]!.split('=');
    assigns[name!] = value.join('=');
  }
  const rest = words.slice(i);
  let args: string[];
  if (rest[0] === 'npm' && rest[1] === 'run' && rest[2] === 'verify') args = rest[3] === '--' ? rest.slice(4) : [];
  else if (rest.includes('toolbridge-verify')) args = rest.slice(rest.indexOf('toolbridge-verify') + 1);
  else return undefined;
  return { where, text: line.trim(), assigns, args };
}

function markdownCommands(file: string, text: string): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const lines = text.split('\n');
  let inBlock = false;
  let inShell = false;
  let logical = '';
  let start = 0;
  lines.forEach((line, index) => {
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      inBlock = !inBlock;
      inShell = inBlock && ['sh', 'bash', 'shell', 'console'].includes(fence[1]!);
      logical = '';
      return;
    }
    if (!inShell) return;
    if (logical === '') start = index + 1;
    logical += line.replace(/\\\s*$/, ' ');
    if (/\\\s*$/.test(line)) return;
    const command = commandOf(`${file}:${start}`, logical);
    if (command) commands.push(command);
    logical = '';
  });
  return commands;
}

/** `run:` steps of a GitHub Actions workflow, each with its own `env:` mapping (the job's is not modelled). */
function workflowCommands(file: string, text: string): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const run = /^(\s*)(?:- )?run:\s*(.+)$/.exec(line);
    if (!run || !VERIFY.test(run[2]!)) return;
    const indent = run[1]!.length + (line.trimStart().startsWith('- ') ? 2 : 0);
    const env: Record<string, string> = {};
    for (let j = index + 1; j < lines.length; j++) {
      const next = lines[j]!;
      if (next.trim() === '') continue;
      const depth = next.length - next.trimStart().length;
      if (depth < indent || (depth === indent && next.trimStart().startsWith('- '))) break;
      if (depth === indent && !/^\s*env:\s*$/.test(next)) continue;
      const entry = /^\s+([A-Z_][A-Z0-9_]*):\s*(.*)$/.exec(next);
      if (entry && depth > indent) env[entry[1]!] = entry[2]!.trim();
    }
    const command = commandOf(`${file}:${index + 1}`, run[2]!, env);
    if (command) commands.push(command);
  });
  return commands;
}

/** The verify flags the action's inputs become (action.yml's Verify step). */
const ACTION_INPUT_FLAGS: Readonly<Record<string, string>> = { target: '--target', policy: '--policy', baseline: '--baseline', suites: '--suite', out: '--out' };
const THIS_ACTION = /^(\.\/?|toolbridge\/toolbridge-verify@.+)$/;

interface WorkflowStep {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

/** Steps that run the gate through the composite action (`uses: ./`), as the command the action runs. */
function actionCommands(file: string, text: string): DocumentedCommand[] {
  const document = parseYaml(text) as { jobs?: Record<string, { steps?: WorkflowStep[] }> };
  const steps = Object.values(document.jobs ?? {}).flatMap((job) => job.steps ?? []).filter((step) => THIS_ACTION.test(step.uses ?? ''));
  const lines = text.split('\n');
  const usesLines = lines.flatMap((line, index) => (/^\s*(?:- )?uses:\s*(\.\/?|toolbridge\/toolbridge-verify@\S+)\s*$/.test(line) ? [index + 1] : []));
  return steps.map((step, i) => {
    const inputs = { target: 'env', ...(step.with ?? {}) } as Record<string, unknown>;
    const args = Object.entries(ACTION_INPUT_FLAGS).flatMap(([input, flag]) => (typeof inputs[input] === 'string' && inputs[input] !== '' ? [flag, inputs[input] as string] : []));
    const assigns = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, String(value)]));
    return { where: `${file}:${usesLines[i] ?? 0}`, text: `uses: ${step.uses} (${args.join(' ')})`, assigns, args };
  });
}

/** Every documented verify command of the repository's docs, README and example workflows. */
export function documentedCommands(root: string): DocumentedCommand[] {
  const markdown = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const workflows = readdirSync(join(root, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => `.github/workflows/${f}`);
  return [
    ...markdown.flatMap((file) => markdownCommands(file, readFileSync(join(root, file), 'utf8'))),
    ...workflows.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return [...workflowCommands(file, text), ...actionCommands(file, text)];
    }),
  ];
}
