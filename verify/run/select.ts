/**
 * Which target a run verifies, decided before anything starts, and never guessed behind the user's back:
 *
 *   --target local|env|file.json   what the flag says; `local` while target variables are set is allowed but loud
 *   no --target                    any target variable in the environment selects `env` (an incomplete set is a
 *                                  configuration error naming what is missing); none selects the local stack
 *
 * The selection travels into every report, so a reader can always tell what was verified and why.
 */
import { TARGET_ENV_VARS, type TargetSpec } from '../../framework/target/spec.js';

export type TargetKind = 'local' | 'env' | 'file';

export interface TargetSelection {
  readonly kind: TargetKind;
  /** `local`, `env`, or the target file's path */
  readonly source: string;
  /** how it was chosen: the --target flag, target variables found in the environment, or the default */
  readonly selectedBy: 'flag' | 'environment' | 'default';
  /** what the user must know about the choice (printed loudly, kept in every report) */
  readonly notices: readonly string[];
}

export class TargetSelectionError extends Error {}

/** Target variables with a non-blank value, in their documented order. */
export function targetVariablesSet(env: Readonly<Record<string, string | undefined>>): string[] {
  return TARGET_ENV_VARS.filter((name) => (env[name] ?? '').trim() !== '');
}

export function selectTarget(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): TargetSelection {
  const set = targetVariablesSet(env);
  if (flag === undefined) {
    if (set.length === 0) return { kind: 'local', source: 'local', selectedBy: 'default', notices: [] };
    return {
      kind: 'env',
      source: 'env',
      selectedBy: 'environment',
      notices: [`target variables are set (${set.join(', ')}): verifying the deployment they name, as with --target env`],
    };
  }
  if (flag === 'local') {
    const notices =
      set.length === 0
        ? []
        : [
            `--target local verifies the in-process Go API stand-in and proxy, NOT the deployment named by ${set.join(', ')} ` +
              'in the environment; drop --target (or use --target env) to verify that deployment',
          ];
    return { kind: 'local', source: 'local', selectedBy: 'flag', notices };
  }
  if (flag === 'env') return { kind: 'env', source: 'env', selectedBy: 'flag', notices: [] };
  if (flag.endsWith('.json')) return { kind: 'file', source: flag, selectedBy: 'flag', notices: [] };
  throw new TargetSelectionError(`--target must be "local", "env" or a .json file, got "${flag}"`);
}

/** One line for the console: what is verified and why this target. */
export function describeSelection(selection: TargetSelection): string {
  const why = {
    flag: `--target ${selection.source}`,
    environment: 'target variables in the environment',
    default: 'no --target and no target variables set',
  }[selection.selectedBy];
  const what = { local: 'the local stack (in-process stand-in)', env: 'the deployment named by the environment', file: `the deployment in ${selection.source}` }[
    selection.kind
  ];
  return `target ${selection.kind}: ${what} (chosen by ${why})`;
}

/** What --dry-run prints: the selection and, for a deployment, where it is and how the verifier signs in (no secrets). */
export function describeTarget(selection: TargetSelection, spec: TargetSpec | undefined): string {
  const lines = [describeSelection(selection)];
  if (!spec) {
    lines.push('  the Go API stand-in (PGlite) and the proxy start in-process on free loopback ports, behind a local TLS edge');
  } else {
    const jwt = spec.jwt.kind === 'hs256' ? 'HS256 with JWT_SECRET' : `RS256 with JWT_PRIVATE_KEY (kid ${spec.jwt.kid})`;
    lines.push(
      `  proxy      ${spec.proxyUrl}`,
      `  MCP        ${spec.mcpUrl}`,
      `  Go API     ${spec.goApiUrl}`,
      `  tenant     ${spec.tenantId}`,
      `  tokens     ${jwt}${spec.issuer ? `, iss ${spec.issuer}` : ''}${spec.audience ? `, aud ${spec.audience}` : ''}`,
      `  cleartext  ${spec.httpUrl ?? '(none: the proxy URL is not https)'}${spec.caCertPem ? '\n  trusts     the CA in MCP_CA_CERT' : ''}`,
    );
  }
  return lines.join('\n');
}
