/**
 * A tool call's road to the Go API: the caller's cached sync session, one request, and exactly one retry when Go
 * answers 428 (session gone: open a new one) or 409 (epoch moved: adopt Go's epoch). In steady state a tool call
 * is one Go request.
 */
import { HEADERS } from '../../contract/messages.js';
import { Session } from '../../contract/schemas.js';
import type { GoCall, GoClient, GoResponse, GoSessionRef } from './go-client.js';
import type { SessionCache } from './session-cache.js';

export interface Caller {
  readonly sub: string;
  readonly token: string;
}

/** Sends one Go request on the caller's behalf: the seam between tool execution and the Go API. */
export interface Gateway {
  call(caller: Caller, call: GoCall): Promise<GoResponse>;
}

/** Where the gateway keeps each caller's sync session (the SessionCache, in the proxy). */
export type SessionStore = Pick<SessionCache, 'get' | 'invalidate' | 'adoptEpoch'>;

/** Go refused to open a sync session: surfaced to the caller with Go's own status. */
export class SessionOpenError extends Error {
  constructor(readonly response: GoResponse) {
    super(`the ToolBridge API refused to open a sync session (${response.status})`);
    this.name = 'SessionOpenError';
  }
}

function headerValue(headers: GoResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export class GoGateway implements Gateway {
  constructor(
    private readonly client: GoClient,
    private readonly sessions: SessionStore,
  ) {}

  private async openSession(caller: Caller): Promise<GoSessionRef> {
    const response = await this.client.send({ method: 'POST', path: '/v1/sync/sessions' }, caller.token);
    if (response.status !== 201) throw new SessionOpenError(response);
    const parsed = Session.safeParse(safeJson(response.text));
    if (!parsed.success) throw new SessionOpenError(response);
    return { id: parsed.data.id, epoch: parsed.data.epoch };
  }

  private session(caller: Caller): Promise<GoSessionRef> {
    return this.sessions.get(caller.sub, () => this.openSession(caller));
  }

  async call(caller: Caller, call: GoCall): Promise<GoResponse> {
    const session = await this.session(caller);
    const response = await this.client.send(call, caller.token, session);
    if (response.status === 428) {
      this.sessions.invalidate(caller.sub, session.id);
      return this.client.send(call, caller.token, await this.session(caller));
    }
    if (response.status === 409) {
      const epoch = Number(headerValue(response.headers, HEADERS.syncEpoch));
      if (Number.isInteger(epoch) && epoch > 0) {
        this.sessions.adoptEpoch(caller.sub, session.id, epoch);
        return this.client.send(call, caller.token, { id: session.id, epoch });
      }
    }
    return response;
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
