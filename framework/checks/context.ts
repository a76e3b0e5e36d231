/**
 * What a check body can use: the target, users of the Go API, MCP sessions, raw HTTP, metrics, and the means to
 * warn (posture finding) or skip. Everything is recorded as redacted evidence; users are wiped afterwards.
 */
import type { Dispatcher } from 'undici';
import { dispatcherFor } from '../target/dispatcher.js';
import { GoUser } from '../clients/go-user.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, httpRequest, type HttpExchange, type HttpRequest, type Recorder } from '../clients/http.js';
import { McpSession } from '../clients/mcp-session.js';
import { mcpRawRequest, openSseStream, type McpRawRequest, type SseStream } from '../clients/mcp-raw.js';
import { EvidenceLog } from '../evidence/evidence-log.js';
import { Redactor } from '../evidence/redact.js';
import type { Target, TokenOptions } from '../target/target.js';
import { mcpEndpointOf } from '../target/spec.js';
import type { FindingRule, FuzzSettings, LatencySettings } from '../model/policy.js';
import { CheckSkipped, PostureFinding } from '../model/assert.js';
import type { Evidence, MetricValue } from '../model/types.js';

/** Run-wide settings a check may read (from the policy file). */
export interface RunSettings {
  readonly latency: LatencySettings;
  /** each HTTP request and MCP call (default DEFAULT_REQUEST_TIMEOUT_MS) */
  readonly requestTimeoutMs?: number;
  /** accepted findings of engine checks, from the policy file (the contract's documented quirks always apply) */
  readonly findingRules?: readonly FindingRule[];
  /** the Schemathesis budget (default DEFAULT_POLICY.fuzz) */
  readonly fuzz?: FuzzSettings;
}

export { DEFAULT_REQUEST_TIMEOUT_MS };

export interface CheckContext {
  readonly target: Target;
  readonly settings: RunSettings;
  /** a Go API user with a new unique subject (or `subject`, one another target's user has); wiped when the check ends */
  user(label: string, token?: TokenOptions, subject?: string): Promise<GoUser>;
  /** an MCP session acting as `user` (closed when the check ends) */
  mcp(user: GoUser): Promise<McpSession>;
  http(request: HttpRequest): Promise<HttpExchange>;
  /** one raw JSON-RPC request to the MCP endpoint over the run's transport (see mcp-raw.ts) */
  mcpRequest(request: McpRawRequest): Promise<HttpExchange>;
  /** HTTP+SSE only: a new event stream and the message endpoint it names (closed when the check ends), or the refusal */
  openSseStream(headers: Readonly<Record<string, string>>, label: string): Promise<SseStream | HttpExchange>;
  note(text: string): void;
  metric(name: string, value: MetricValue): void;
  /** records the version of the third-party engine that decided the check */
  engineVersion(version: string): void;
  /** ends the check as `warned`: the target has a known, accepted weakness (posture finding) */
  warn(message: string): never;
  /** ends the check as `skipped`: it cannot run against this target */
  skip(reason: string): never;
}

export class RunContext implements CheckContext, Recorder {
  private readonly log = new EvidenceLog();
  readonly metrics: Record<string, MetricValue> = {};
  readonly redactor: Redactor;
  readonly dispatcher: Dispatcher | undefined;
  readonly requestTimeoutMs: number;
  readonly caCertPem: string | undefined;
  ranEngineVersion: string | undefined;
  private readonly users: GoUser[] = [];
  private readonly sessions: McpSession[] = [];
  private readonly streams: SseStream[] = [];

  readonly target: Target;

  constructor(
    target: Target,
    readonly settings: RunSettings,
  ) {
    // every token a check mints, also for raw probes, is known to the redactor
    this.target = {
      ...target,
      mintToken: async (sub, options) => {
        const token = await target.mintToken(sub, options);
        this.redactor.add(token);
        return token;
      },
    };
    this.dispatcher = dispatcherFor(target);
    this.requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.caCertPem = target.caCertPem;
    this.redactor = new Redactor().add(
      target.tenantSecret,
      target.jwt.kind === 'hs256' ? target.jwt.secret : target.jwt.privateKeyPem,
    );
  }

  record(evidence: Evidence): void {
    this.log.record(evidence);
  }

  /** The recorded evidence, with a note where exchanges in the middle were left out. */
  get evidence(): Evidence[] {
    return this.log.evidence;
  }

  async user(label: string, token?: TokenOptions, subject?: string): Promise<GoUser> {
    const sub = subject ?? this.target.newSubject(label);
    const jwt = await this.target.mintToken(sub, token);
    const user = new GoUser(this.target, this, sub, jwt);
    this.users.push(user);
    return user;
  }

  async mcp(user: GoUser): Promise<McpSession> {
    const session = await McpSession.connect(mcpEndpointOf(this.target), user.token, this, this.dispatcher, this.requestTimeoutMs);
    this.sessions.push(session);
    return session;
  }

  http(request: HttpRequest): Promise<HttpExchange> {
    return httpRequest(this, request);
  }

  mcpRequest(request: McpRawRequest): Promise<HttpExchange> {
    return mcpRawRequest(this, mcpEndpointOf(this.target), request);
  }

  async openSseStream(headers: Readonly<Record<string, string>>, label: string): Promise<SseStream | HttpExchange> {
    const endpoint = mcpEndpointOf(this.target);
    if (endpoint.transport !== 'sse') throw new Error('openSseStream needs an HTTP+SSE target');
    const stream = await openSseStream(this, endpoint.url, headers, label, this.requestTimeoutMs);
    if ('messageUrl' in stream) this.streams.push(stream);
    return stream;
  }

  note(text: string): void {
    this.record({ kind: 'note', text: this.redactor.text(text) });
  }

  metric(name: string, value: MetricValue): void {
    this.metrics[name] = value;
  }

  engineVersion(version: string): void {
    this.ranEngineVersion = version;
  }

  warn(message: string): never {
    throw new PostureFinding(message);
  }

  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  /** Closes MCP sessions and wipes every user that may have written data. Returns cleanup problems. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    for (const session of this.sessions) await session.close().catch(() => undefined);
    for (const stream of this.streams) stream.close();
    for (const user of this.users) {
      try {
        await user.wipe();
      } catch (error) {
        problems.push(`cleanup of ${user.sub}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }
}
