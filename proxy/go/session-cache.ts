/**
 * One Go sync session per verified caller (keyed by `sub`), reused across tool calls and across tokens of the
 * same subject. Renewed before Go's 30-minute expiry; concurrent first calls share one session request.
 */
import type { GoSessionRef } from './go-client.js';

export interface CachedSession extends GoSessionRef {
  readonly openedAtMs: number;
}

export interface SessionCacheOptions {
  /** renew sessions older than this (Go expires them 30 min after creation) */
  readonly renewAfterMs: number;
  /** bound on cached callers; the least recently used is dropped */
  readonly maxEntries: number;
  readonly nowMs: () => number;
  /** told whether each lookup found a live session (metrics) */
  readonly onLookup?: (hit: boolean) => void;
}

export class SessionCache {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly opening = new Map<string, Promise<CachedSession>>();

  constructor(private readonly options: SessionCacheOptions) {}

  /** The caller's live session, opening one with `open` when there is none or it is due for renewal. */
  async get(sub: string, open: () => Promise<GoSessionRef>): Promise<CachedSession> {
    const cached = this.sessions.get(sub);
    if (cached && this.options.nowMs() - cached.openedAtMs < this.options.renewAfterMs) {
      this.sessions.delete(sub);
      this.sessions.set(sub, cached); // most recently used goes last
      this.options.onLookup?.(true);
      return cached;
    }
    this.options.onLookup?.(false);
    let pending = this.opening.get(sub);
    if (!pending) {
      pending = open()
        .then((session) => {
          const entry: CachedSession = { ...session, openedAtMs: this.options.nowMs() };
          this.store(sub, entry);
          return entry;
        })
        .finally(() => this.opening.delete(sub));
      this.opening.set(sub, pending);
    }
    return pending;
  }

  /** Forget a session Go no longer knows (428); only if it is still the cached one. */
  invalidate(sub: string, sessionId: string): void {
    if (this.sessions.get(sub)?.id === sessionId) this.sessions.delete(sub);
  }

  /** Go moved the owner's epoch (409): keep the session, adopt the epoch. */
  adoptEpoch(sub: string, sessionId: string, epoch: number): void {
    const cached = this.sessions.get(sub);
    if (cached?.id === sessionId) this.sessions.set(sub, { ...cached, epoch });
  }

  get size(): number {
    return this.sessions.size;
  }

  private store(sub: string, entry: CachedSession): void {
    this.sessions.delete(sub);
    this.sessions.set(sub, entry);
    while (this.sessions.size > this.options.maxEntries) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}
