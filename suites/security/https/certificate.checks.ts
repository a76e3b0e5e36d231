/**
 * The certificate the HTTPS endpoint presents: valid for the host, chained to a trusted root and within its
 * validity period, and not about to expire. One handshake per check; the certificate is read, not trusted blindly.
 */
import { checkServerIdentity, type DetailedPeerCertificate } from 'node:tls';
import type { CheckContext } from '../../../framework/checks/context.js';
import { CheckFailure, ensure } from '../../../framework/model/assert.js';
import { EDGE_CONFIG } from './lib/facts.js';
import { defineCheck } from '../../../framework/checks/define.js';
import { httpsEndpoints, type HttpsEndpoints } from './lib/endpoints.js';
import { handshake } from './lib/tls-handshake.js';

/** renewal must have happened by now: Let's Encrypt (Fly's issuer) renews 30 days ahead, so 14 means it is stuck */
export const MIN_DAYS_LEFT = 14;
const DAY_MS = 86_400_000;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const REQUIREMENT = 'checks-reference §4 (HTTPS check 4)';

interface Presented {
  readonly certificate: DetailedPeerCertificate;
  readonly authorized: boolean;
  readonly authorizationError: string | undefined;
  readonly trust: string;
}

async function presentedCertificate(ctx: CheckContext, endpoints: HttpsEndpoints): Promise<Presented> {
  const outcome = await handshake({ host: endpoints.host, port: endpoints.port, ...(endpoints.ca ? { ca: endpoints.ca } : {}) });
  if (outcome.kind !== 'completed') throw new CheckFailure(`no TLS handshake completes, so no certificate can be checked (${outcome.error})`);
  const { certificate } = outcome;
  ctx.note(
    `certificate presented by ${endpoints.host}:${endpoints.port}: subject ${certificate.subject?.CN ?? '(no CN)'}, ` +
      `issuer ${certificate.issuer?.CN ?? '(no CN)'}, SAN ${certificate.subjectaltname ?? '(none)'}, valid ${certificate.valid_from} → ` +
      `${certificate.valid_to}, SHA-256 ${certificate.fingerprint256}`,
  );
  return {
    certificate,
    authorized: outcome.authorized,
    authorizationError: outcome.authorizationError,
    trust: endpoints.ca ? "the target's own CA certificate (local edge)" : "the default trust store (Node's Mozilla root CAs)",
  };
}

export const certificateChecks = [
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-CERT-HOST',
      title: "TLS handshake to the proxy's host: the certificate's subjectAltName covers that host name",
      severity: 'high',
      requirement: `${REQUIREMENT}; RFC 9525 (service identity: DNS-ID / IP-ID in subjectAltName)`,
      expected: 'tls.checkServerIdentity(<host>, certificate) accepts the certificate',
      rationale:
        'A certificate for another name fails in every client that verifies host names, and trains operators and users ' +
        'to switch verification off, after which any interceptor can impersonate the proxy and collect bearer tokens.',
      security: {
        score: 7.0,
        cwe: 'CWE-295',
        remediation: 'Issue the certificate for the exact host clients use (`fly certs add <host>` for a custom domain; *.fly.dev names are covered by Fly).',
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const endpoints = httpsEndpoints(ctx);
      const { certificate } = await presentedCertificate(ctx, endpoints);
      const mismatch = checkServerIdentity(endpoints.host, certificate);
      if (mismatch) {
        throw new CheckFailure(`the certificate is not valid for ${endpoints.host} (its SAN: ${certificate.subjectaltname ?? 'none'}): ${mismatch.message.replace(/: $/, '')}`);
      }
    },
  ),
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-CERT-CHAIN',
      title: 'TLS handshake to the proxy: the certificate chain validates to a trusted root and is within its validity period',
      severity: 'high',
      requirement: `${REQUIREMENT}; RFC 5280 §6 (certification path validation)`,
      expected: 'the chain verifies against the trust store (no self-signed, unknown-issuer, expired or not-yet-valid certificate)',
      rationale:
        'An untrusted or expired chain is rejected by every correctly configured MCP client; the ones that still connect ' +
        'have verification turned off and cannot tell the proxy from an impostor collecting their tokens.',
      security: {
        score: 7.0,
        cwe: 'CWE-295',
        remediation:
          "Serve the certificate Fly issues (`fly certs show <host>`), with its full intermediate chain, from a public CA; never a self-signed or private-CA certificate on a public host.",
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const presented = await presentedCertificate(ctx, httpsEndpoints(ctx));
      if (!presented.authorized) {
        throw new CheckFailure(`the certificate chain does not validate against ${presented.trust}: ${presented.authorizationError ?? 'not authorized'}`);
      }
    },
  ),
  defineCheck(
  {
    area: 'security/https',
      id: 'SEC-HTTPS-CERT-EXPIRY',
      title: `TLS handshake to the proxy: the certificate has more than ${MIN_DAYS_LEFT} days left`,
      severity: 'medium',
      requirement: `${REQUIREMENT} (> ${MIN_DAYS_LEFT} days left)`,
      expected: `notAfter more than ${MIN_DAYS_LEFT} days from now (metric daysLeft)`,
      rationale:
        'Automatic renewal runs about 30 days ahead; a certificate this close to expiry means renewal is failing, and ' +
        'on expiry every client loses the proxy at once (or, worse, gets told to ignore certificate errors).',
      security: {
        score: 4.0,
        cwe: 'CWE-324',
        remediation: 'Check `fly certs show <host>` for a failed renewal (DNS records, CAA) and renew now; alert on certificates with under 30 days left.',
        location: EDGE_CONFIG,
      },
    },
    async (ctx) => {
      const { certificate } = await presentedCertificate(ctx, httpsEndpoints(ctx));
      const notAfter = Date.parse(certificate.valid_to);
      ensure(Number.isFinite(notAfter), `unreadable notAfter: ${JSON.stringify(certificate.valid_to)}`);
      const daysLeft = Math.round(((notAfter - Date.now()) / DAY_MS) * 10) / 10;
      ctx.metric('daysLeft', daysLeft);
      ensure(
        daysLeft > MIN_DAYS_LEFT,
        daysLeft < 0
          ? `the certificate expired ${days(-daysLeft)} ago (notAfter ${certificate.valid_to})`
          : `the certificate expires in ${days(daysLeft)} (notAfter ${certificate.valid_to}), within ${MIN_DAYS_LEFT} days`,
      );
    },
  ),
];
