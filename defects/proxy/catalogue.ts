/**
 * The defective proxies the proofs start: each fault names one way a proxy can be wrong, so a proof can show the
 * check that looks for it failing. None of this is part of the proxy: `proxyWithFaults` builds each variant by
 * replacing or wrapping one of the proxy's seams (proxy/start.ts), outside the shipped tree.
 */
export const PROXY_FAULTS = {
  skipJwtVerification: "decodes the caller's JWT without verifying it (upstream's behaviour)",
  allowAnonymous: 'serves /mcp without a bearer token, as the user `anonymous`',
  lenientAuthScheme: 'takes the last word of the Authorization header as the token, whatever the scheme',
  defaultSubject: 'lets a valid token without a non-empty string `sub` act as the shared user `default`',
  miswireTool: 'sends the named tools to the wrong entity (e.g. get_task reads notes)',
  noUidValidation: 'pastes `uid` into the Go URL path unvalidated (upstream: path injection)',
  noOriginCheck: 'accepts any Origin header',
  noHsts: 'omits Strict-Transport-Security on HTTPS responses',
  newSessionPerCall: 'opens a new Go sync session for every tool call (upstream: two Go requests per call)',
  deleteReportsError: 'reports delete_* as failed after the delete succeeded (upstream defect)',
  opaqueGoErrors: "reports a Go error as a bare failure, without Go's status, message or correlation id",
  trustEmbeddedJwk: "verifies a token with the key in its own `jwk` header",
  fetchJku: 'fetches the key set named by the `jku` header and trusts it',
  hsWithPublicKey: 'accepts HS256 tokens signed with the JWKS public key as the HMAC secret (RS/HS confusion)',
  skipIssuerCheck: 'does not check `iss`',
  skipAudienceCheck: 'does not check `aud`',
  expOptional: 'accepts tokens without `exp`',
  hourClockTolerance: 'tolerates an hour of clock skew on `exp`/`nbf`',
  tokenInQuery: 'accepts the token from an `access_token` query parameter',
  echoTokenIn401: 'repeats the presented Authorization header in its 401 answer',
  noProtocolVersionCheck: 'ignores the MCP-Protocol-Version header',
  noBodyLimit: 'reads request bodies of any size',
  noResourceMetadata: 'sends a bare `WWW-Authenticate: Bearer` without resource_metadata',
  metricsOnPublicPort: 'serves its Prometheus metrics on the public port too',
  metricsBySubject: "counts tool calls per caller, with the caller's `sub` as a label",
  metricsMissingHistogram: 'exposes no tool-call latency histogram',
  metricsNotCumulative: 'exposes a histogram whose buckets are not cumulative',
} as const;

export type ProxyFaultName = keyof typeof PROXY_FAULTS;

/** Faults to switch on: `true`, or for `miswireTool` the tool name(s) to miswire. */
export type ProxyFaults = {
  readonly [name in Exclude<ProxyFaultName, 'miswireTool'>]?: boolean;
} & {
  readonly miswireTool?: string | readonly string[];
};
