/**
 * Dockerfile.mcp-only as data, read by dockerfile-ast (the parser behind the Docker language server): stages and
 * their instructions, with flags, exec forms, ARG/ENV declarations and arguments expanded the way `docker build`
 * expands them without --build-arg. Our rules (dockerfile-lint.ts) and the image build without Docker
 * (image-build.test.ts) read this view; neither parses Dockerfile syntax itself.
 */
import { DockerfileParser, From, Healthcheck, JSONInstruction, ModifiableInstruction, PropertyInstruction, type Instruction as AstInstruction } from 'dockerfile-ast';

export interface Instruction {
  /** upper-case keyword, e.g. `RUN` */
  readonly keyword: string;
  /** 1-based line where the instruction starts */
  readonly line: number;
  /** the argument text after the keyword and its flags, continuation lines joined */
  readonly args: string;
  /** the arguments, variables expanded with their ARG/ENV defaults */
  readonly words: readonly string[];
  /** `--name=value` flags (`--from`, `--interval`, …) */
  readonly flags: ReadonlyMap<string, string>;
  /** the exec (JSON) form: of the instruction itself, or for HEALTHCHECK of its CMD; undefined for the shell form */
  readonly exec: readonly string[] | undefined;
  /** ARG and ENV declarations, name → value (undefined: declared without one) */
  readonly declarations: readonly (readonly [string, string | undefined])[];
  /** index of the stage it belongs to; -1 for ARGs before the first FROM */
  readonly stage: number;
}

export interface Stage {
  readonly index: number;
  readonly name: string | undefined;
  /** image reference as written (`node:${NODE_VERSION}-slim`) */
  readonly image: string;
  /** image reference with build args expanded by their defaults; undefined when a variable in it has no value */
  readonly resolvedImage: string | undefined;
  readonly line: number;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** ARGs declared before the first FROM, with their defaults */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
}

export class DockerfileParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'DockerfileParseError';
  }
}

/** Docker's rule: the exec form is a JSON array of strings; anything else is the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The instruction's arguments after its flags, one space between them: continuation lines joined and the comment
 * lines inside them dropped, as Docker does (runs of spaces inside quotes collapse to one).
 */
function argumentText(ins: AstInstruction): string {
  return ins
    .getArguments()
    .map((argument) => argument.getValue())
    .join(' ');
}

/** The exec form as written (the JSON text itself, not the whitespace-split arguments). */
function execOf(ins: AstInstruction): string[] | undefined {
  const written = ins.getArgumentsContent() ?? '';
  if (ins instanceof Healthcheck) {
    const subcommand = ins.getSubcommand()?.getValue();
    return subcommand?.toUpperCase() === 'CMD' ? execForm(written.slice(written.indexOf(subcommand) + subcommand.length)) : undefined;
  }
  return ins instanceof JSONInstruction ? execForm(written) : undefined;
}

function declarationsOf(ins: AstInstruction): [string, string | undefined][] {
  if (!(ins instanceof PropertyInstruction)) return [];
  return ins.getProperties().map((p) => [p.getName(), p.getValue() ?? undefined]);
}

/**
 * The FROM image with its variables replaced by their values (`${V:-default}` and `${V:+alternative}` honoured), or
 * undefined when one of them has no value and no default.
 */
function resolvedImage(dockerfile: ReturnType<typeof DockerfileParser.parse>, from: From, image: string): string | undefined {
  const line = from.getRange().start.line;
  let resolved = image;
  for (const variable of from.getVariables()) {
    const value = dockerfile.resolveVariable(variable.getName(), line) || undefined;
    const modifier = variable.getModifier();
    const replacement = modifier === '-' ? (value ?? variable.getSubstitutionParameter()) : modifier === '+' ? (value ? variable.getSubstitutionParameter() : '') : value;
    if (replacement === undefined || replacement === null) return undefined;
    resolved = resolved.replace(variable.toString(), replacement);
  }
  return resolved;
}

export function parseDockerfile(text: string): Dockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const instructions: Instruction[] = [];
  const stages: { index: number; name: string | undefined; image: string; resolvedImage: string | undefined; line: number; instructions: Instruction[] }[] = [];
  const globalArgs = new Map<string, string | undefined>();
  for (const ins of dockerfile.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (ins instanceof From) {
      const image = ins.getImage();
      if (!image) throw new DockerfileParseError(line, 'FROM without an image');
      stages.push({ index: stages.length, name: ins.getBuildStage()?.toLowerCase(), image, resolvedImage: resolvedImage(dockerfile, ins, image), line, instructions: [] });
    }
    const args = argumentText(ins);
    const flags = new Map(ins instanceof ModifiableInstruction ? ins.getFlags().map((flag) => [flag.getName(), flag.getValue() ?? 'true']) : []);
    const instruction: Instruction = {
      keyword,
      line,
      args,
      words: ins.getExpandedArguments().map((argument) => argument.getValue()),
      flags,
      exec: execOf(ins),
      declarations: declarationsOf(ins),
      stage: stages.length - 1,
    };
    instructions.push(instruction);
    if (stages.length > 0) stages[stages.length - 1]!.instructions.push(instruction);
    else if (keyword === 'ARG') for (const [name, value] of instruction.declarations) globalArgs.set(name, value);
    else throw new DockerfileParseError(line, `${keyword} before the first FROM (only ARG may come first)`);
  }
  return { instructions, stages, globalArgs };
}

export interface ImageRef {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** `name[:tag][@digest]`, the registry's port kept in the name. */
export function parseImageRef(ref: string): ImageRef {
  const [rest, digest] = ref.split('@') as [string, string | undefined];
  const slash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', slash + 1);
  return colon >= 0 ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest } : { name: rest, tag: undefined, digest };
}
