/**
 * A user of the Go API for checks: a JWT subject unique to the run, signed tenant headers, an optional sync
 * session, every exchange recorded as evidence.
 */
import { HEADERS } from '../../contract/messages.js';
import { tenantHeaders } from '../../contract/tenant-signature.js';
import type { Target } from '../target/target.js';
import { httpRequest, type HttpExchange, type Recorder } from './http.js';

export interface GoRequestOptions {
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** send the open session's X-Sync-Session / X-Sync-Epoch (default: when one is open) */
  readonly withSession?: boolean;
  /** send signed tenant headers (default true) */
  readonly tenant?: boolean;
  /** send the bearer token (default true) */
  readonly auth?: boolean;
  readonly label?: string;
}

export class GoUser {
  session: { id: string; epoch: number } | undefined;

  constructor(
    private readonly target: Target,
    private readonly recorder: Recorder,
    readonly sub: string,
    readonly token: string,
  ) {}

  async request(method: string, path: string, options: GoRequestOptions = {}): Promise<HttpExchange> {
    const headers: Record<string, string> = {};
    if (options.auth !== false) headers.Authorization = `Bearer ${this.token}`;
    if (options.tenant !== false) Object.assign(headers, tenantHeaders(this.target.tenantId, this.target.tenantSecret));
    if (this.session && options.withSession !== false) {
      headers[HEADERS.syncSession] = this.session.id;
      headers[HEADERS.syncEpoch] = String(this.session.epoch);
    }
    Object.assign(headers, options.headers);
    const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
    return httpRequest(this.recorder, {
      method,
      url: `${this.target.goApiUrl}${path}${query}`,
      headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.label ? { label: options.label } : {}),
    });
  }

  /** Opens a sync session and keeps it for later requests. */
  async openSession(): Promise<{ id: string; epoch: number }> {
    const response = await this.request('POST', '/v1/sync/sessions', { withSession: false, label: 'open sync session' });
    if (response.status !== 201) {
      throw new Error(`could not open a sync session: ${response.status} ${response.text.trim().slice(0, 200)}`);
    }
    const { id, epoch } = response.json<{ id: string; epoch: number }>();
    this.session = { id, epoch };
    return this.session;
  }

  /**
   * Deletes everything this user created (the API's own wipe); used to clean up after a check. A session the check
   * already lost (deleted, wiped) is replaced once.
   */
  async wipe(): Promise<void> {
    if (!this.session) await this.openSession();
    const wipe = () => this.request('POST', '/v1/sync/wipe', { body: { confirm: 'WIPE' }, label: 'cleanup wipe' });
    let response = await wipe();
    if (response.status === 428) {
      await this.openSession();
      response = await wipe();
    }
    if (response.status !== 200) throw new Error(`cleanup wipe failed: ${response.status}`);
    this.session = undefined;
  }
}
