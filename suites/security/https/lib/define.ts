/**
 * Shared facts of the HTTPS checks: their area, and the files that govern what they look at on a real deployment
 * (Fly's edge does the redirect, the TLS versions and the certificate; the proxy sends HSTS and security headers).
 */
import type { CheckContext } from '../../../../framework/checks/context.js';
import { defineCheck, type CheckDef } from '../../../../framework/checks/define.js';
import type { CheckMeta, SecurityFacts } from '../../../../framework/model/types.js';

/** force_https, [http_service.tls_options] and the certificate Fly issues for the app's host */
export const EDGE_CONFIG = 'fly.staging.toml';
/** where the proxy sets Strict-Transport-Security and its other response headers */
export const PROXY_HEADERS = 'proxy/http/app.ts';

export type HttpsCheckMeta = Omit<CheckMeta, 'area' | 'security' | 'expected' | 'rationale'> & {
  readonly security: SecurityFacts;
  readonly expected: string;
  readonly rationale: string;
};

export function httpsCheck(meta: HttpsCheckMeta, run: (ctx: CheckContext) => Promise<void>): CheckDef {
  return defineCheck({ ...meta, area: 'security/https' }, run);
}
