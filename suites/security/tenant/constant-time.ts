/**
 * Static review of this repository's tenant-signature verification (checks-reference §3 item 10): the comparison
 * must be constant time. Timing cannot be measured reliably over the network, so this is a code rule, run as a
 * project test (constant-time.test.ts) rather than a check against a target: its verdict is about
 * contract/tenant-signature.ts, whatever deployment is being verified.
 *
 * Rules, each reported with file:line:
 * - `no-constant-time-compare`: crypto's timingSafeEqual is never called;
 * - `variable-time-compare`: a signature-like value is compared with ===/!==/==/!=, .equals(), .compare(),
 *   localeCompare(), startsWith(), includes() or indexOf() (a `.length` comparison or a null check is fine);
 * - `unguarded-timing-safe-equal`: timingSafeEqual is called without a length comparison before it in the same
 *   function (it throws on unequal lengths: a 500 instead of a 401, and an exception path an attacker can probe).
 */
import ts from 'typescript';

export interface Finding {
  readonly rule: 'no-constant-time-compare' | 'variable-time-compare' | 'unguarded-timing-safe-equal';
  /** `file:line` */
  readonly at: string;
  readonly message: string;
}

/** Names that hold a signature or the value it is compared with. */
const SECRET_LIKE = /sig|signature|expected|given|mac|digest|hmac/i;
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
const VARIABLE_TIME_METHODS = new Set(['equals', 'compare', 'localeCompare', 'startsWith', 'includes', 'indexOf']);

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

const isLengthAccess = (node: ts.Expression) => {
  const n = unwrap(node);
  return ts.isPropertyAccessExpression(n) && n.name.text === 'length';
};
const isNullish = (node: ts.Expression) => {
  const n = unwrap(node);
  return n.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(n) && n.text === 'undefined');
};
/** An identifier, a property access or a call whose name looks like signature material (e.g. signTenant(...)). */
function secretLike(node: ts.Expression): boolean {
  const n = unwrap(node);
  if (ts.isIdentifier(n)) return SECRET_LIKE.test(n.text);
  if (ts.isPropertyAccessExpression(n)) return n.name.text !== 'length' && (SECRET_LIKE.test(n.name.text) || secretLike(n.expression));
  if (ts.isCallExpression(n)) return secretLike(n.expression) || /sign/i.test(n.expression.getText());
  return false;
}

const calleeName = (call: ts.CallExpression) => {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
};

function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !ts.isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return current ?? node.getSourceFile();
}

export function analyseConstantTimeCompare(source: string, fileName: string): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const at = (node: ts.Node) => `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  const findings: Finding[] = [];
  const safeCalls: ts.CallExpression[] = [];
  const lengthChecks: ts.BinaryExpression[] = [];

  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      if (isLengthAccess(node.left) || isLengthAccess(node.right)) lengthChecks.push(node);
      else if (!isNullish(node.left) && !isNullish(node.right) && (secretLike(node.left) || secretLike(node.right))) {
        findings.push({ rule: 'variable-time-compare', at: at(node), message: `\`${node.getText(file)}\` compares signature material in variable time` });
      }
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'timingSafeEqual') safeCalls.push(node);
      else if (name && VARIABLE_TIME_METHODS.has(name)) {
        const callee = unwrap(node.expression);
        const receiver = ts.isPropertyAccessExpression(callee) ? [callee.expression] : [];
        if ([...receiver, ...node.arguments].some(secretLike)) {
          findings.push({ rule: 'variable-time-compare', at: at(node), message: `\`${node.getText(file)}\` compares signature material in variable time` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  if (safeCalls.length === 0) {
    findings.push({ rule: 'no-constant-time-compare', at: `${fileName}:1`, message: 'the signature is never compared with crypto.timingSafeEqual' });
  }
  for (const call of safeCalls) {
    const scope = enclosingFunction(call);
    const guarded = lengthChecks.some((check) => enclosingFunction(check) === scope && check.getStart(file) < call.getStart(file));
    if (!guarded) {
      findings.push({
        rule: 'unguarded-timing-safe-equal',
        at: at(call),
        message: 'timingSafeEqual is called without comparing the lengths first: it throws on unequal lengths',
      });
    }
  }
  return findings;
}
