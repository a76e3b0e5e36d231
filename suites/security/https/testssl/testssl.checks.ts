/**
 * testssl.sh's verdicts on the proxy's HTTPS host as security/https checks, one per area of its scan: protocols,
 * cipher lists, forward secrecy, known vulnerabilities and the certificate. A finding testssl.sh rates MEDIUM or
 * worse fails its check; LOW warns (through a default finding rule the policy can override); OK and INFO pass.
 * Legacy protocols offered fail whatever testssl.sh's rating (RFC 8996). Each finding keeps testssl.sh's id,
 * severity, CWE and CVE in the evidence.
 */
import { CheckFailure } from '../../../../framework/model/assert.js';
import type { CheckContext } from '../../../../framework/checks/context.js';
import { catalogue, defineCheck, type CheckDef } from '../../../../framework/checks/define.js';
import type { Severity } from '../../../../framework/model/types.js';
import { judgeFindings, type EngineFinding } from '../../../../framework/engines/findings.js';
import type { FindingRule } from '../../../../framework/model/policy.js';
import { EDGE_CONFIG } from '../lib/facts.js';
import { TESTSSL_CHECK_TIME_LIMIT_MS, testsslRun, type TestsslFinding } from './testssl-run.js';

interface Area {
  readonly id: string;
  readonly title: string;
  /** testssl.sh finding ids of the area (names of testssl.sh 3.0 and 3.2) */
  readonly ids: RegExp;
  readonly severity: Severity;
  readonly score: number;
  readonly cwe: string;
  readonly expected: string;
  readonly rationale: string;
  readonly remediation: string;
  /** findings testssl.sh rates low that this area holds against the target anyway */
  readonly alwaysFinding?: (finding: TestsslFinding) => string | undefined;
}

const LEGACY_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1']);

const AREAS: readonly Area[] = [
  {
    id: 'SEC-HTTPS-TESTSSL-PROTOCOLS',
    title: 'testssl.sh: only TLS 1.2 and 1.3 are offered',
    ids: /^(SSLv2|SSLv3|TLS1|TLS1_1|TLS1_2|TLS1_3)$/,
    severity: 'high',
    score: 7.4,
    cwe: 'CWE-327',
    expected: 'SSLv2, SSLv3, TLS 1.0 and TLS 1.1 not offered; TLS 1.2 and TLS 1.3 offered',
    rationale: 'legacy protocols let an attacker who can interfere with the handshake push clients to broken constructions (RFC 8996)',
    remediation: 'set [http_service.tls_options] versions = ["TLSv1.2", "TLSv1.3"] in fly.staging.toml',
    alwaysFinding: (f) => (LEGACY_PROTOCOLS.has(f.id) && /^offered/i.test(f.finding) ? 'a legacy protocol is offered (RFC 8996: MUST NOT)' : undefined),
  },
  {
    id: 'SEC-HTTPS-TESTSSL-CIPHERS',
    title: 'testssl.sh: no NULL, anonymous, export, low-grade or 3DES cipher suites',
    ids: /^(cipherlist_.*|cipher_order|RC4)$/,
    severity: 'high',
    score: 7.5,
    cwe: 'CWE-327',
    expected: 'none of the NULL, aNULL, EXPORT, LOW and 3DES/IDEA lists offered; strong AEAD suites offered',
    rationale: 'a NULL or anonymous suite gives up confidentiality or authentication outright; export, low and 64-bit block ciphers are breakable',
    remediation: 'offer only the AEAD suites of Mozilla\'s "intermediate" profile at the edge',
  },
  {
    id: 'SEC-HTTPS-TESTSSL-FORWARD-SECRECY',
    title: 'testssl.sh: forward secrecy is offered with strong groups',
    ids: /^(P?FS|P?FS_ciphers|P?FS_ECDHE_curves|DH_groups|FS_TLS12_sig_algs|FS_TLS13_sig_algs)$/,
    severity: 'medium',
    score: 5.9,
    cwe: 'CWE-310',
    expected: 'ECDHE (or DHE) suites offered, on curves and groups of at least 2048-bit strength',
    rationale: 'without forward secrecy, one stolen private key decrypts every recorded session',
    remediation: 'prefer ECDHE key exchange; drop static RSA key transport',
  },
  {
    id: 'SEC-HTTPS-TESTSSL-VULNERABILITIES',
    title: 'testssl.sh: not vulnerable to Heartbleed, ROBOT, POODLE, SWEET32, BREACH and the other known TLS attacks',
    ids: /^(heartbleed|CCS|ticketbleed|opossum|ROBOT|secure_renego|secure_client_renego|CRIME_TLS|BREACH|POODLE_SSL|POODLE_TLS|fallback_SCSV|SWEET32|FREAK|DROWN|DROWN_hint|LOGJAM|LOGJAM-common_primes|BEAST|BEAST_CBC_.*|LUCKY13|winshock|RC4)$/,
    severity: 'high',
    score: 7.5,
    cwe: 'CWE-310',
    expected: 'testssl.sh rates every vulnerability test OK or INFO',
    rationale: 'each is a published attack on TLS implementations or configurations; testssl.sh tests them from the outside',
    remediation: 'patch or reconfigure the TLS terminator (Fly\'s edge); turn off HTTP compression of secret-bearing answers (BREACH)',
  },
  {
    id: 'SEC-HTTPS-TESTSSL-CERTIFICATE',
    title: 'testssl.sh: the certificate is trusted, valid, strong and revocable',
    ids: /^(cert|cert_.*|certs_.*|OCSP_stapling|DNS_CAArecord|certificate_transparency)$/,
    severity: 'high',
    score: 7.4,
    cwe: 'CWE-295',
    expected: 'a certificate chaining to a trusted CA, for the host, not expiring soon, with a strong key and signature and revocation information',
    rationale: 'clients refuse (or, worse, are trained to accept) a certificate that does not verify',
    remediation: 'let Fly issue and renew the certificate for the app host (fly certs)',
  },
];

const isIpLiteral = (host: string) => /^\[?[0-9a-f:.]+\]?(:\d+)?$/i.test(host) && /[.:]/.test(host);

/** testssl.sh's own severity rating, for the rules: `severity LOW …` starts a finding's detail. */
export const TESTSSL_DEFAULT_RULES: readonly FindingRule[] = [
  { check: 'SEC-HTTPS-TESTSSL-*', match: '^severity LOW\\b', action: 'warn', reason: 'testssl.sh rates it LOW' },
];

export function findingsOf(area: Area, entries: readonly TestsslFinding[], host: string): { findings: EngineFinding[]; seen: number } {
  const mine = entries.filter((entry) => area.ids.test(entry.id));
  const findings: EngineFinding[] = [];
  for (const entry of mine) {
    // a CAA record belongs to a DNS name: an IP literal cannot have one
    if (entry.id === 'DNS_CAArecord' && isIpLiteral(host)) continue;
    const forced = area.alwaysFinding?.(entry);
    const rated = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(entry.severity);
    if (!forced && !rated) continue;
    const severity = forced && !['MEDIUM', 'HIGH', 'CRITICAL'].includes(entry.severity) ? 'MEDIUM' : entry.severity;
    const facts = [entry.cwe, entry.cve].filter(Boolean).join(' ');
    findings.push({
      code: entry.id,
      where: host,
      summary: `${entry.id} ${entry.severity}: ${entry.finding}`,
      detail: `severity ${severity}${facts ? ` (${facts})` : ''}${forced ? ` — ${forced}` : ''}\n${entry.id}: ${entry.finding}`,
    });
  }
  return { findings, seen: mine.length };
}

function areaCheck(area: Area): CheckDef {
  return defineCheck(
  {
    area: 'security/https',
      id: area.id,
      title: area.title,
      severity: area.severity,
      requirement: `testssl.sh (-p -s -f -U -S) against the proxy's HTTPS host; ${EDGE_CONFIG} [http_service.tls_options]`,
      expected: area.expected,
      rationale: area.rationale,
      security: { score: area.score, cwe: area.cwe, remediation: area.remediation, location: EDGE_CONFIG },
      engine: { name: 'testssl.sh', check: area.ids.source, location: EDGE_CONFIG },
    },
    async (ctx: CheckContext) => {
      const run = await testsslRun(ctx);
      const { findings, seen } = findingsOf(area, run.findings, run.host);
      ctx.metric('testsslResults', seen);
      if (seen === 0) throw new CheckFailure(`testssl.sh reported nothing for this area on ${run.host} (the scan did not get that far: ${run.outputTail})`);
      judgeFindings(ctx, area.id, findings, TESTSSL_DEFAULT_RULES);
    },
    { timeLimitMs: () => TESTSSL_CHECK_TIME_LIMIT_MS },
  );
}

export const testsslChecks: CheckDef[] = catalogue(AREAS.map(areaCheck));
