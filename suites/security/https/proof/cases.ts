/**
 * Every defect the HTTPS checks are proven against: the local stack with one edge fault, one proxy fault, or one
 * tampered response header, and the exact outcome of the whole catalogue against it (failed ids, plus any check
 * that must warn or be skipped instead of passing).
 */
import type { EdgeFaults } from '../../../../stand-ins/edge/tls-edge.js';
import type { Tamper, UpstreamResponse } from '../../../../stand-ins/tamper/tamper-front.js';
import type { ProofCase } from '../../../../proofs/proof-case.js';
import type { ProofOptions } from '../../../../proofs/run-against.js';

const edge = (fault: keyof EdgeFaults): ProofOptions => ({ edge: { [fault]: true } });

/** A header rewrite on every answer of the proxy (the front sits between the edge and the proxy). */
const everyAnswer = (rewrite: (headers: UpstreamResponse['headers']) => void): ProofOptions => {
  const tamper: Tamper = { when: () => true, rewrite: (response) => rewrite(response.headers) };
  return { tamper: { proxy: [tamper] } };
};

/** With a certificate no client may trust, the verifier refuses to send even a probe-only token: untestable. */
const NO_TOKEN_TO_BAD_CERTIFICATE = { 'SEC-HTTPS-CLEARTEXT-MCP': 'skipped' } as const;

const STACK_DEFECTS: readonly ProofCase[] = [
  {
    defect: 'edge servesCleartext: http:// is forwarded to the proxy',
    options: edge('servesCleartext'),
    failed: ['SEC-HTTPS-CLEARTEXT-MCP', 'SEC-HTTPS-REDIRECT-PERMANENT', 'SEC-HTTPS-REDIRECT-SAME-HOST'],
  },
  {
    defect: 'edge noCleartext: nothing listens for http://',
    options: edge('noCleartext'),
    failed: [],
    other: { 'SEC-HTTPS-REDIRECT-PERMANENT': 'warned', 'SEC-HTTPS-REDIRECT-SAME-HOST': 'skipped' },
  },
  { defect: 'edge redirect302: a temporary redirect', options: edge('redirect302'), failed: ['SEC-HTTPS-REDIRECT-PERMANENT'] },
  { defect: 'edge redirectOffHost: the redirect goes to another host', options: edge('redirectOffHost'), failed: ['SEC-HTTPS-REDIRECT-SAME-HOST'] },
  // a server that accepts TLS 1.0 accepts 1.1 as well (it is a minimum version)
  { defect: 'edge allowTls10: TLS 1.0 (and 1.1) accepted', options: edge('allowTls10'), failed: ['SEC-HTTPS-TLS10-REFUSED', 'SEC-HTTPS-TLS11-REFUSED'] },
  { defect: 'edge allowTls11: TLS 1.1 accepted', options: edge('allowTls11'), failed: ['SEC-HTTPS-TLS11-REFUSED'] },
  { defect: 'edge noTls12: TLS 1.3 only', options: edge('noTls12'), failed: ['SEC-HTTPS-TLS12-ACCEPTED'] },
  { defect: 'edge noTls13: TLS 1.2 only', options: edge('noTls13'), failed: ['SEC-HTTPS-TLS13-ACCEPTED'] },
  { defect: 'edge certExpiresSoon: 5 days left', options: edge('certExpiresSoon'), failed: ['SEC-HTTPS-CERT-EXPIRY'] },
  {
    defect: 'edge certExpired: expired a day ago',
    options: edge('certExpired'),
    failed: ['SEC-HTTPS-CERT-CHAIN', 'SEC-HTTPS-CERT-EXPIRY'],
    other: NO_TOKEN_TO_BAD_CERTIFICATE,
  },
  { defect: 'edge certWrongHost: certificate for elsewhere.example', options: edge('certWrongHost'), failed: ['SEC-HTTPS-CERT-HOST'], other: NO_TOKEN_TO_BAD_CERTIFICATE },
  { defect: 'edge certUntrusted: signed by an unknown CA', options: edge('certUntrusted'), failed: ['SEC-HTTPS-CERT-CHAIN'], other: NO_TOKEN_TO_BAD_CERTIFICATE },
  { defect: 'proxy noHsts: no Strict-Transport-Security', options: { proxyFaults: { noHsts: true } }, failed: ['SEC-HTTPS-HSTS'] },
  {
    defect: 'HSTS max-age of one day',
    options: everyAnswer((h) => void (h['strict-transport-security'] = 'max-age=86400; includeSubDomains')),
    failed: ['SEC-HTTPS-HSTS'],
  },
  {
    defect: 'HSTS only on the liveness answer',
    options: {
      tamper: { proxy: [{ when: (_method, path) => path !== '/', rewrite: (response) => void delete response.headers['strict-transport-security'] }] },
    },
    failed: ['SEC-HTTPS-HSTS'],
  },
  {
    defect: 'HSTS without includeSubDomains',
    options: everyAnswer((h) => void (h['strict-transport-security'] = 'max-age=31536000')),
    failed: [],
    other: { 'SEC-HTTPS-HSTS': 'warned' },
  },
  { defect: 'no X-Content-Type-Options', options: everyAnswer((h) => void delete h['x-content-type-options']), failed: ['SEC-HTTPS-NOSNIFF'] },
  {
    defect: "CSP without default-src 'none'",
    options: everyAnswer((h) => void (h['content-security-policy'] = "default-src *; frame-ancestors 'none'")),
    failed: ['SEC-HTTPS-JSON-CSP'],
  },
  { defect: 'no CSP at all', options: everyAnswer((h) => void delete h['content-security-policy']), failed: ['SEC-HTTPS-JSON-CSP'] },
  { defect: 'X-Powered-By: Express', options: everyAnswer((h) => void (h['x-powered-by'] = 'Express')), failed: ['SEC-HTTPS-NO-VERSION-LEAK'] },
  { defect: 'Server: nginx/1.25.3', options: everyAnswer((h) => void (h.server = 'nginx/1.25.3')), failed: ['SEC-HTTPS-NO-VERSION-LEAK'] },
];

export const PROOF_CASES: readonly ProofCase[] = [
  ...STACK_DEFECTS,
  // proven without a stack (https.proof.test.ts): only the URL decides, and nothing is sent
  { defect: 'a deployment (off loopback) whose proxy URL is http://', failed: ['SEC-HTTPS-SERVED'] },
];
