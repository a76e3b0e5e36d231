/**
 * The proxy's fault catalogue, for proving that each verification check catches its defect. Faults can only be
 * passed to `startProxy()` in-process by tests and the local stack: no environment variable or request reaches
 * them, so a deployed proxy cannot run with one.
 */
export const PROXY_FAULTS = {
  skipJwtVerification: "decodes the caller's JWT without verifying it (upstream's behaviour)",
  miswireTool: 'sends one named tool to the wrong entity (e.g. get_task reads notes)',
  noUidValidation: 'pastes `uid` into the Go URL path unvalidated (upstream: path injection)',
  noOriginCheck: 'accepts any Origin header',
  noHsts: 'omits Strict-Transport-Security on HTTPS responses',
  newSessionPerCall: 'opens a new Go sync session for every tool call (upstream: two Go requests per call)',
  deleteReportsError: 'reports delete_* as failed after the delete succeeded (upstream defect)',
} as const;

export type ProxyFaultName = keyof typeof PROXY_FAULTS;

export interface ProxyFaults {
  readonly skipJwtVerification?: boolean;
  /** tool name to miswire */
  readonly miswireTool?: string;
  readonly noUidValidation?: boolean;
  readonly noOriginCheck?: boolean;
  readonly noHsts?: boolean;
  readonly newSessionPerCall?: boolean;
  readonly deleteReportsError?: boolean;
}
