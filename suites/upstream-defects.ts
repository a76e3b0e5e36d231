/**
 * The upstream FastMCP proxy's known defects (contract §15–16) as the suite reports them: for each, the checks that
 * fail against an upstream-style deployment and what their message names. The proof against the FastMCP target
 * (verify/upstream-profile.test.ts) holds the suite to it; the check catalogue prints it per check.
 */
export interface UpstreamDefect {
  readonly defect: string;
  readonly checks: RegExp;
  readonly message: RegExp;
}

export const UPSTREAM_DEFECTS: readonly UpstreamDefect[] = [
  { defect: 'no liveness or readiness route (contract §15.1)', checks: /^HEALTH-00[12]$/, message: /has no (liveness|readiness) route/ },
  { defect: 'MCP endpoint callable without a token (§16.3)', checks: /^HEALTH-00[67]$|^SEC-JWT-PROXY-MISSING-TOKEN$/, message: /authenticates no one|processed without a valid bearer token/ },
  { defect: 'forged or expired JWTs accepted by the proxy, only Go refuses them (§16.2)', checks: /^SEC-JWT-PROXY-(?!MISSING-TOKEN)|^SEC-TRANSPORT-INVALID-TOKEN-CHALLENGE$/, message: /authenticates no one|accepted/ },
  { defect: 'delete_* reports failure although the item is gone (§16.8)', checks: /^E2E-DELETE_/, message: /reported failure although the .+ is gone \(the Go API answers 410/ },
  { defect: 'update_comment / update_chat_message drop the parent link and fail (§16.9)', checks: /^E2E-UPDATE_(COMMENT|CHAT_MESSAGE)$/, message: /dropping the .+ parent link, and the Go API refuses it with 500/ },
  { defect: 'uid path injection reaches other Go routes (§15.3)', checks: /^SEC-TRANSPORT-UID-INJECTION$/, message: /reached the Go API/ },
  { defect: 'health_check discloses the tenant id and the Go URL (§16.21)', checks: /^SEC-TRANSPORT-INTERNAL-LEAK$/, message: /health_check \(no arguments\) discloses the Go API base URL "[^"]+", the tenant id "[^"]+"/ },
  { defect: 'Go error bodies and correlation ids lost (§15.2)', checks: /^E2E-GO-ERRORS$/, message: /loses the Go error message "note not found", the correlation id/ },
];

/** The upstream defect a check fails for, if any. */
export function upstreamDefectOf(id: string): UpstreamDefect | undefined {
  return UPSTREAM_DEFECTS.find((d) => d.checks.test(id));
}
