/**
 * The hooks' log of every request Schemathesis sent (operation, status, whether it carried the run's credentials),
 * and what it says about authentication: the API's own answers decide whether the run was let in, where
 * Schemathesis' "Authentication failed" warning is a heuristic over whole scenarios (a scenario of 404s and of its
 * own credential-stripping probes can trip it while every request with credentials was served).
 */

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The parts of an OpenAPI 3 document this module reads. */
export interface SecurityShape {
  readonly paths?: Readonly<Record<string, object | undefined>>;
  readonly security?: readonly unknown[];
}

export interface OperationAnswers {
  readonly requests: number;
  /** requests that carried the user's bearer token unchanged (and the tenant headers signed with it) */
  readonly credentialed: number;
  /** credentialed requests answered 401 or 403 */
  readonly refused: number;
}

export function readRequestLog(text: string): Map<string, OperationAnswers> {
  const answers = new Map<string, { requests: number; credentialed: number; refused: number }>();
  for (const line of text.split('\n')) {
    const [operation, status, credentialed] = line.split('\t');
    if (!operation || status === undefined || credentialed === undefined) continue;
    const entry = answers.get(operation) ?? { requests: 0, credentialed: 0, refused: 0 };
    entry.requests++;
    if (credentialed === '1') {
      entry.credentialed++;
      if (status === '401' || status === '403') entry.refused++;
    }
    answers.set(operation, entry);
  }
  return answers;
}

/** `METHOD /path` of the operations that need credentials (an empty `security` marks a public one). */
export function securedOperations(document: SecurityShape): Set<string> {
  const secured = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}).filter(([key]) => HTTP_METHODS.has(key))) {
      const security = (operation as { security?: readonly unknown[] }).security ?? document.security ?? [];
      if (security.length > 0) secured.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return secured;
}

const listed = (operations: readonly string[]) => `${operations.slice(0, 5).join(', ')}${operations.length > 5 ? ', …' : ''}`;

/** Why the requests show the run was not let in: refused whenever it sent credentials, or never sending them. */
export function credentialProblems(secured: ReadonlySet<string>, answers: ReadonlyMap<string, OperationAnswers>): string[] {
  const refused: string[] = [];
  const without: string[] = [];
  for (const operation of secured) {
    const answer = answers.get(operation);
    if (!answer || answer.requests === 0) continue;
    if (answer.credentialed === 0) without.push(operation);
    else if (answer.refused === answer.credentialed) refused.push(operation);
  }
  const problems: string[] = [];
  if (refused.length > 0) {
    problems.push(`the API refused the run's credentials: every request with the bearer token and tenant headers to ${refused.length} operation${refused.length === 1 ? '' : 's'} was answered 401/403 (${listed(refused)})`);
  }
  if (without.length > 0) {
    problems.push(`no request to ${without.length} operation${without.length === 1 ? '' : 's'} that need${without.length === 1 ? 's' : ''} credentials carried them (${listed(without)})`);
  }
  return problems;
}
