/**
 * The probe model: a probe is a named list of attempts (requests with a crafted credential) that a secure target
 * refuses. The same probe runs against the proxy and against the Go API (see sides.ts); the kit gives it the valid
 * control token to start from and the means to craft variants of it.
 */
import type { CheckContext } from '../../../../framework/checks/context.js';
import type { Severity } from '../../../../framework/model/types.js';
import type { TargetSpec } from '../../../../framework/target/spec.js';
import { compact, type JsonObject, type Signer } from '../../../shared/jwt-craft.js';
import { targetSigner } from './keys.js';
import type { Side, SideKey } from './sides.js';

export interface Attempt {
  readonly label: string;
  /** the Authorization header value; absent = none sent */
  readonly authorization?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** what was crafted, for the evidence (decoded header and claims; never a secret) */
  readonly describe?: string;
  /** strings that must not come back in the answer: the presented credential and its parts */
  readonly reflect?: readonly string[];
  /** statuses a secure target may answer (default: 401) */
  readonly refusals?: readonly number[];
  /** a bearer token was presented, so the proxy's challenge must say error="invalid_token" */
  readonly presented?: boolean;
  /** acceptance is this target's documented posture (a warning), not a failure: the finding */
  readonly posture?: string;
  readonly timeoutMs?: number;
  /** a connection closed without an answer counts as a refusal (oversized headers); a timeout never does */
  readonly closeIsRefusal?: boolean;
}

export interface ProbePlan {
  readonly attempts: readonly Attempt[];
  /** verdicts after the attempts (e.g. the canary saw a fetch): failure messages */
  readonly after?: () => Promise<string[]>;
  /** always runs at the end (close listeners) */
  readonly dispose?: () => Promise<void>;
}

export interface ProbeKit {
  readonly ctx: CheckContext;
  readonly side: Side;
  readonly target: TargetSpec;
  /** the valid control token (already accepted by the target) */
  readonly control: string;
  readonly header: JsonObject;
  readonly claims: JsonObject;
  /** a subject nobody owns: what a forged token claims to be */
  readonly forgedSub: string;
  /** the control's claims with the forged subject */
  readonly forgedClaims: JsonObject;
  /** the target's clock in whole seconds (the Go API's own clock for the Go side) */
  nowS(): Promise<number>;
}

export interface ProbeSpec {
  /** id part after SEC-JWT-<SIDE>- */
  readonly name: string;
  /** title without the side, e.g. 'alg "none" tokens are refused' */
  readonly title: string;
  readonly severity: Severity;
  readonly score: number;
  readonly cwe: string;
  readonly remediation: Readonly<Record<SideKey, string>>;
  readonly rationale: string;
  /** the checklist row(s), e.g. '#4' (checks-reference §2) */
  readonly checklist: string;
  /** RFCs, CVEs, spec links */
  readonly references?: string;
  /** what a secure target answers (common to both sides unless overridden) */
  readonly expected: string | Readonly<Record<SideKey, string>>;
  /** overrides the side's default location */
  readonly location?: Partial<Record<SideKey, string>>;
  /** on this side acceptance of some variant is a documented posture finding (reported as warned) */
  readonly posture?: Partial<Record<SideKey, true>>;
  /** why the probe cannot apply to this target (the check is skipped with that reason) */
  readonly notApplicable?: (target: TargetSpec, side: Side) => string | undefined;
  plan(kit: ProbeKit): Promise<ProbePlan>;
}

/** The evidence line for a crafted token: its decoded header and claims (long values shortened). */
export function describeToken(header: unknown, claims: unknown, signature: string): string {
  const short = (value: unknown) =>
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}… (${v.length} chars)` : v));
  return `header ${short(header)}, claims ${short(claims)}, signature: ${signature}`;
}

/**
 * The parts of a credential whose reflection counts as an echo: the whole credential, and its payload and signature
 * segments (the JOSE header segment is shared by every token of the same alg and typ; short parts match by chance).
 */
export function reflectable(credential: string): string[] {
  return [credential, ...credential.split('.').slice(1).filter((part) => part.length >= 16)];
}

/** An attempt presenting `token` as `Authorization: Bearer <token>`. */
export function bearer(label: string, token: string, extra: Partial<Attempt> = {}): Attempt {
  return { label, authorization: `Bearer ${token}`, reflect: reflectable(token), presented: true, ...extra };
}

export interface TokenRecipe {
  /** any JSON; an object with `alg` says how to sign */
  readonly header: unknown;
  readonly claims: unknown;
  readonly signer: Signer;
  /** how it is signed, for the evidence (never the key itself) */
  readonly signedWith: string;
}

/** Crafts a token and the attempt presenting it. */
export function crafted(label: string, recipe: TokenRecipe, extra: Partial<Attempt> = {}): Attempt {
  const { header, claims, signer, signedWith } = recipe;
  return bearer(label, compact(header, claims, signer), { describe: describeToken(header, claims, signedWith), ...extra });
}

/** A token signed with the target's own key: it differs from a valid one only by what the probe changed. */
export function signedByTarget(kit: ProbeKit, label: string, header: JsonObject, claims: JsonObject, extra: Partial<Attempt> = {}): Attempt {
  return crafted(label, { header, claims, signer: targetSigner(kit.target), signedWith: "the target's own key" }, extra);
}
