/**
 * An MCP client session for checks: the real SDK client over Streamable HTTP or HTTP+SSE; every tool call recorded.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Dispatcher } from 'undici';
import { CheckFailure } from '../model/assert.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Recorder } from './http.js';
import { clientTransport } from './mcp-transport.js';
import { type McpEndpoint } from '../model/mcp-endpoint.js';

export interface ToolOutcome {
  readonly isError: boolean;
  readonly structured: Record<string, unknown> | undefined;
  readonly text: string;
  readonly meta: Record<string, unknown> | undefined;
  readonly durationMs: number;
}

export class McpSession {
  private constructor(
    private readonly client: Client,
    private readonly recorder: Recorder,
    private readonly options: { readonly timeout: number },
  ) {}

  static async connect(endpoint: McpEndpoint, token: string, recorder: Recorder, dispatcher?: Dispatcher, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<McpSession> {
    const client = new Client({ name: 'toolbridge-verify', version: '0.1.0' });
    const options = { timeout: timeoutMs };
    await client.connect(clientTransport(endpoint, token, dispatcher), options);
    return new McpSession(client, recorder, options);
  }

  async listTools() {
    return (await this.client.listTools(undefined, this.options)).tools;
  }

  async call(tool: string, args: Record<string, unknown>, label?: string): Promise<ToolOutcome> {
    const startedAt = performance.now();
    const result = await this.client.callTool({ name: tool, arguments: args }, undefined, this.options);
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
    const outcome: ToolOutcome = {
      isError: result.isError === true,
      structured: result.structuredContent as Record<string, unknown> | undefined,
      text,
      meta: result._meta as Record<string, unknown> | undefined,
      durationMs,
    };
    const { redactor } = this.recorder;
    this.recorder.record({
      kind: 'mcp',
      ...(label ? { label } : {}),
      tool,
      arguments: redactor.value(args),
      isError: outcome.isError,
      result: redactor.text(text.length > 2000 ? `${text.slice(0, 2000)}…` : text),
      durationMs,
    });
    return outcome;
  }

  /** A successful call's structured result; a tool error fails the check with the tool's message. */
  async ok<T = Record<string, unknown>>(tool: string, args: Record<string, unknown>, label?: string): Promise<T> {
    const outcome = await this.call(tool, args, label);
    if (outcome.isError || !outcome.structured) {
      throw new CheckFailure(`${tool} returned an error: ${outcome.text.slice(0, 300)}`);
    }
    return outcome.structured as T;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
