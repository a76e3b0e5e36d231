/**
 * The TLS defects the testssl.sh checks are proven against (testssl.proof.test.ts): an edge fault each, the checks
 * that fail, and those that warn.
 */
import type { EdgeFaults } from '../../../../../stand-ins/edge/tls-edge.js';
import type { ProofCase } from '../../../../../proofs/proof-case.js';

/** Each defect: the checks that fail, and those that warn (testssl.sh rates a side effect LOW). */
const DEFECTS: readonly [string, EdgeFaults, readonly string[], Readonly<Record<string, 'warned'>>][] = [
  // TLS 1.0 brings its CBC suites: BEAST (MEDIUM) and the AVERAGE cipher list (LOW)
  ['TLS 1.0 (and 1.1) accepted', { allowTls10: true }, ['SEC-HTTPS-TESTSSL-PROTOCOLS', 'SEC-HTTPS-TESTSSL-VULNERABILITIES'], { 'SEC-HTTPS-TESTSSL-CIPHERS': 'warned' }],
  // the NULL-SHA suite is CBC-free but SHA-1 MAC'd: LUCKY13-style LOW
  ['NULL and anonymous cipher suites offered', { weakCiphers: true }, ['SEC-HTTPS-TESTSSL-CIPHERS'], { 'SEC-HTTPS-TESTSSL-VULNERABILITIES': 'warned' }],
  ['static RSA key exchange only', { noForwardSecrecy: true }, ['SEC-HTTPS-TESTSSL-FORWARD-SECRECY'], {}],
  ['answers gzipped over TLS (BREACH)', { compressesResponses: true }, ['SEC-HTTPS-TESTSSL-VULNERABILITIES'], {}],
  ['an expired certificate', { certExpired: true }, ['SEC-HTTPS-TESTSSL-CERTIFICATE'], {}],
];

/** Every scan of a defective edge runs the five checks side by side. */
export const PROOF_CASES: readonly ProofCase[] = DEFECTS.map(([defect, edge, failed, other]) => ({
  defect: `TLS edge: ${defect} (scanned by testssl.sh)`,
  options: { edge, concurrency: 5 },
  failed,
  other,
}));
