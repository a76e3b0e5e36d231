/**
 * Shared facts of the HTTPS checks: the files that govern what they look at on a real deployment
 * (Fly's edge does the redirect, the TLS versions and the certificate; the proxy sends HSTS and security headers).
 */
/** force_https, [http_service.tls_options] and the certificate Fly issues for the app's host */
export const EDGE_CONFIG = 'fly.staging.toml';
/** where the proxy sets Strict-Transport-Security and its other response headers */
export const PROXY_HEADERS = 'proxy/http/app.ts';
