/**
 * Protocol versions, one check per version from a table: TLS 1.0 and 1.1 refused, TLS 1.2 and 1.3 accepted. Each
 * probe offers exactly one version and decides on the bytes the server sent back, so a refusal is the server's
 * (an alert or a closed connection after a ClientHello that really offered the version), never the client's.
 */
import type { SecureVersion } from 'node:tls';
import type { CheckContext } from '../../../framework/checks/context.js';
import { CheckFailure } from '../../../framework/model/assert.js';
import type { SecurityFacts, Severity } from '../../../framework/model/types.js';
import { EDGE_CONFIG } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints, type HttpsEndpoints } from './lib/endpoints.js';
import { handshake, type HandshakeOutcome } from './lib/tls-handshake.js';
import { describeServerAnswer, parseClientHello, parseServerAnswer } from './lib/tls-records.js';

/** OpenSSL 3 keeps the cipher suites and signatures TLS 1.0/1.1 need behind security level 0: without it, the client cannot even offer them. */
const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';

interface VersionRow {
  readonly id: string;
  readonly version: SecureVersion;
  readonly name: string;
  readonly expect: 'refused' | 'accepted';
  readonly severity: Severity;
  readonly score: number;
  readonly cwe: string;
  readonly requirement: string;
  readonly rationale: string;
}

const LEGACY_RATIONALE =
  'deprecated by RFC 8996: it relies on SHA-1/MD5 in the handshake and CBC constructions with known attacks (BEAST, ' +
  'Lucky13, POODLE-style padding oracles), and accepting it lets an attacker who can interfere with the handshake push ' +
  'old clients down to it.';

const VERSIONS: readonly VersionRow[] = [
  {
    id: 'SEC-HTTPS-TLS10-REFUSED',
    version: 'TLSv1',
    name: 'TLS 1.0',
    expect: 'refused',
    severity: 'medium',
    score: 5.0,
    cwe: 'CWE-327',
    requirement: 'RFC 8996 §2 (MUST NOT negotiate TLS 1.0); fly.staging.toml [http_service.tls_options] versions; checks-reference §4 (HTTPS check 4)',
    rationale: `TLS 1.0 is ${LEGACY_RATIONALE}`,
  },
  {
    id: 'SEC-HTTPS-TLS11-REFUSED',
    version: 'TLSv1.1',
    name: 'TLS 1.1',
    expect: 'refused',
    severity: 'medium',
    score: 5.0,
    cwe: 'CWE-327',
    requirement: 'RFC 8996 §3 (MUST NOT negotiate TLS 1.1); fly.staging.toml [http_service.tls_options] versions; checks-reference §4 (HTTPS check 4)',
    rationale: `TLS 1.1 is ${LEGACY_RATIONALE}`,
  },
  {
    id: 'SEC-HTTPS-TLS12-ACCEPTED',
    version: 'TLSv1.2',
    name: 'TLS 1.2',
    expect: 'accepted',
    severity: 'low',
    score: 2.0,
    cwe: 'CWE-326',
    requirement: 'RFC 9325 §3.1.1 (implementations MUST support TLS 1.2); fly.staging.toml [http_service.tls_options] versions',
    rationale:
      'TLS 1.2 is the newest version many MCP client stacks and TLS-inspecting corporate proxies can negotiate. A ' +
      'target that refuses it locks them out, and the usual workaround (re-enabling every version, or terminating TLS ' +
      'somewhere else) weakens the transport; it also means the edge does not serve what fly.staging.toml declares.',
  },
  {
    id: 'SEC-HTTPS-TLS13-ACCEPTED',
    version: 'TLSv1.3',
    name: 'TLS 1.3',
    expect: 'accepted',
    severity: 'low',
    score: 3.0,
    cwe: 'CWE-326',
    requirement: 'RFC 9325 §3.1.1 (SHOULD support TLS 1.3 and prefer it); RFC 8446; fly.staging.toml [http_service.tls_options] versions',
    rationale:
      'TLS 1.3 removes the static-RSA and CBC constructions, always gives forward secrecy, encrypts the certificate, ' +
      'and carries downgrade protection; without it every client falls back to TLS 1.2 and its weaker negotiation.',
  },
];

function remediation(row: VersionRow): SecurityFacts['remediation'] {
  return row.expect === 'refused'
    ? `Keep \`versions = ["TLSv1.2", "TLSv1.3"]\` in [http_service.tls_options]; on another edge, set the minimum protocol to TLS 1.2 (disable ${row.name}).`
    : `List "${row.version}" in [http_service.tls_options] versions (\`versions = ["TLSv1.2", "TLSv1.3"]\`) and make sure the edge terminating TLS supports it.`;
}

type ReachedOutcome = Exclude<HandshakeOutcome, { readonly kind: 'unreachable' }>;

/** OpenSSL's reason ("tlsv1 alert protocol version") out of its long error line, with Node's error code. */
function failureText(outcome: { readonly code: string | undefined; readonly error: string }): string {
  const reason = /:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+)/.exec(outcome.error)?.[1] ?? outcome.error;
  return outcome.code ? `${outcome.code}: ${reason}` : reason;
}

/** The probe's own ClientHello must offer exactly the version under test, or the answer says nothing about the server. */
function offeredOrSkip(ctx: CheckContext, row: VersionRow, outcome: HandshakeOutcome): asserts outcome is ReachedOutcome {
  if (outcome.kind === 'unreachable') ctx.skip(`untestable: the TLS port does not accept connections (${outcome.error})`);
  const hello = parseClientHello(outcome.sent);
  if (!hello) {
    const why = outcome.kind === 'failed' ? ` (${failureText(outcome)})` : '';
    ctx.skip(`untestable: this verifier's TLS library sent no ClientHello offering ${row.name}${why}; it cannot test this version`);
  }
  ctx.note(`ClientHello sent: offers ${hello.offered.join(', ')} only, with ${hello.cipherSuites} cipher suites${row.expect === 'refused' ? ` (ciphers ${LEGACY_CIPHERS})` : ''}`);
  if (hello.highest !== row.version) ctx.skip(`untestable: the ClientHello offered ${hello.highest} instead of ${row.version}`);
}

async function expectRefused(ctx: CheckContext, row: VersionRow, endpoints: HttpsEndpoints): Promise<void> {
  const control = await handshake({ host: endpoints.host, port: endpoints.port });
  if (control.kind !== 'completed') {
    ctx.skip(`untestable: not even a default handshake (TLS 1.2+) completes (${control.error}), so a refusal would prove nothing`);
  }
  ctx.note(`control: a default handshake completes with ${control.protocol} (${control.cipher})`);
  const probe = await handshake({ host: endpoints.host, port: endpoints.port, minVersion: row.version, maxVersion: row.version, ciphers: LEGACY_CIPHERS });
  offeredOrSkip(ctx, row, probe);
  if (probe.kind === 'completed') {
    ctx.metric('negotiated', probe.protocol);
    if (probe.protocol === row.version) throw new CheckFailure(`the server completed a ${row.name} handshake (cipher ${probe.cipher})`);
  }
  const answer = parseServerAnswer(probe.received);
  ctx.note(`the server ${describeServerAnswer(answer)}`);
  ctx.metric('serverAnswer', answer.kind === 'alert' ? answer.name : answer.kind);
  if (answer.kind === 'server-hello' && answer.version === row.version) {
    const after = probe.kind === 'failed' ? `; the client then gave up on its side (${failureText(probe)})` : '';
    throw new CheckFailure(`the server agreed to ${row.name} in its ServerHello${after}`);
  }
}

async function expectAccepted(ctx: CheckContext, row: VersionRow, endpoints: HttpsEndpoints): Promise<void> {
  const probe = await handshake({ host: endpoints.host, port: endpoints.port, minVersion: row.version, maxVersion: row.version });
  if (probe.kind === 'unreachable') throw new CheckFailure(`the TLS port does not accept connections (${probe.error})`);
  offeredOrSkip(ctx, row, probe);
  if (probe.kind === 'completed' && probe.protocol === row.version) {
    ctx.metric('cipher', probe.cipher);
    ctx.note(`the server completed a ${row.name} handshake (cipher ${probe.cipher})`);
    return;
  }
  const answer = parseServerAnswer(probe.received);
  const detail = probe.kind === 'failed' ? ` (${failureText(probe)})` : ` (it negotiated ${probe.protocol})`;
  throw new CheckFailure(`the server refused ${row.name}: it ${describeServerAnswer(answer)}${detail}`);
}

export const tlsVersionChecks = VERSIONS.map((row) =>
  defineCheck(
  {
    area: 'security/https',
      id: row.id,
      title:
        row.expect === 'refused'
          ? `TLS handshake offering only ${row.name} (legacy cipher suites enabled on the client) is refused by the server`
          : `TLS handshake offering only ${row.name} completes`,
      severity: row.severity,
      requirement: row.requirement,
      expected:
        row.expect === 'refused'
          ? `a protocol_version (or handshake_failure) alert, or the connection closed, after a ClientHello offering ${row.name}; never a ServerHello for ${row.name}`
          : `the handshake completes with ${row.name}`,
      rationale: row.rationale,
      security: { score: row.score, cwe: row.cwe, remediation: remediation(row), location: EDGE_CONFIG },
    },
    async (ctx) => {
      const endpoints = httpsEndpoints(ctx);
      await (row.expect === 'refused' ? expectRefused(ctx, row, endpoints) : expectAccepted(ctx, row, endpoints));
    },
  ),
);
