/**
 * Remembers tokens that passed full verification, keyed by the exact token string, so an MCP client that sends the
 * same bearer token with every call is verified once, not once per call. A hit is only ever the identical string
 * (signature included), and it still honours `exp` exactly as jose does (`exp > now - tolerance`, whole seconds).
 * Entries also age out after `maxAgeMs`, so a key dropped from the JWKS stops being trusted within that time.
 */
import type { JWTPayload } from 'jose';

export interface VerifiedTokenCacheOptions {
  readonly maxEntries: number;
  readonly maxAgeMs: number;
  readonly clockToleranceS: number;
  readonly now?: () => number;
}

interface Entry {
  readonly claims: JWTPayload;
  readonly expS: number;
  readonly cachedAtMs: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: VerifiedTokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(token: string): JWTPayload | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const nowMs = this.now();
    const expired = entry.expS <= Math.floor(nowMs / 1000) - this.options.clockToleranceS;
    if (expired || nowMs - entry.cachedAtMs >= this.options.maxAgeMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  /** Only tokens with a numeric `exp` are kept: a token that never expires is verified every time. */
  set(token: string, claims: JWTPayload): void {
    if (typeof claims.exp !== 'number') return;
    this.entries.delete(token);
    this.entries.set(token, { claims, expS: claims.exp, cachedAtMs: this.now() });
    // a Map iterates in insertion order: the first key is the oldest entry
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
