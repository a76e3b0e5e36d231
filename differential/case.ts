/**
 * A differential case: a short story of requests told to both servers by the same (fresh) user. Steps may refer
 * to values an earlier answer gave (`{{note}}`: the uid captured as `note`), so the story stays meaningful even
 * though each server mints its own ids.
 */
import { createHash } from 'node:crypto';

export type TokenVariant =
  | 'valid'
  | 'expired'
  | 'no-exp'
  | 'no-sub'
  | 'empty-sub'
  | 'numeric-sub'
  | 'wrong-secret'
  | 'alg-none'
  | 'hs384'
  | 'hs512'
  | 'not-yet-valid'
  | 'iat-future'
  | 'exp-string'
  | 'exp-float'
  | 'nbf-string'
  | 'sub-array'
  | 'crit-header'
  | 'kid-header'
  | 'no-iss'
  | 'wrong-iss'
  | 'no-aud'
  | 'wrong-aud'
  | 'aud-list'
  | 'other-user'
  // RS-family tokens: only when the comparison is given the identity provider's private key
  | 'rs256'
  | 'rs384'
  | 'rs512'
  | 'ps256'
  | 'rs256-no-kid'
  | 'rs256-unknown-kid'
  | 'rs256-foreign-key'
  | 'hs256-public-key';

/** A token variant, no header, a literal header value (`{{token}}` is a valid token), or a valid token reshaped. */
export type AuthSpec =
  | TokenVariant
  | 'none'
  | { readonly raw: string }
  | { readonly reshape: string; readonly from: (validToken: string, jwtSecret: string) => string };

export type TenantSpec =
  | 'signed'
  | 'none'
  | {
      readonly id?: string;
      /** epoch ms offset from now, or a literal timestamp text */
      readonly timestamp?: number | { readonly raw: string };
      /** a literal signature instead of the right one */
      readonly signature?: string;
      /** the right signature, upper-cased */
      readonly signatureCase?: 'upper';
      /** the right signature after a prefix such as `sha256=` */
      readonly signaturePrefix?: string;
      readonly omit?: readonly ('id' | 'timestamp' | 'signature')[];
    };

/**
 * `open`: the case's session and epoch; `{ named }`: a session opened with `opensSession: name`; or explicit values
 * (`null` leaves the header out).
 */
export type SessionSpec = 'open' | 'none' | { readonly named: string } | { readonly id?: string | null; readonly epoch?: string | null };

export interface RequestSpec {
  /**
   * bytes sent as they are on a fresh connection, instead of a request built from the fields below (`method` and
   * `path` then only name it); `{{token}}`, `{{tenant}}` (the signed tenant header lines) and captured values are filled in
   */
  readonly wire?: string;
  readonly method: string;
  /** the request target, `{{name}}` replaced by captured values, sent byte for byte */
  readonly path: string;
  /** a string is sent raw; anything else as JSON */
  readonly body?: unknown;
  /** extra headers (replacing the defaults of the same name); an array sends the header once per value */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly auth?: AuthSpec;
  readonly tenant?: TenantSpec;
  readonly session?: SessionSpec;
  /** store the answer's `uid` (or `id`) under this name, or a named top-level field */
  readonly capture?: string | { readonly name: string; readonly field: string };
  /** a 201 answer opens the case's session (POST /v1/sync/sessions), or a session kept under this name */
  readonly opensSession?: boolean | string;
}

export interface Step {
  readonly label: string;
  readonly request: RequestSpec;
}

export interface Case {
  /** unique, stable: `family/entity/variant` */
  readonly id: string;
  readonly steps: readonly Step[];
}

/** A UUID that is the same on both sides and in every run: derived from a case id and a name. */
export function clientUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const SESSION_STEP: Step = {
  label: 'open a sync session',
  request: { method: 'POST', path: '/v1/sync/sessions', session: 'none', opensSession: true },
};

export function step(label: string, request: RequestSpec): Step {
  return { label, request };
}
