/**
 * MCP over Streamable HTTP, stateless: any Fly machine can answer any request, and every answer is JSON.
 *
 * Two roads, one behaviour. The messages every client sends, a single well-formed `initialize`,
 * `notifications/initialized`, `tools/list` or `tools/call` with the headers the transport requires, are answered
 * directly: the checks the SDK transport makes, the JSON-RPC answer it would give, without building an SDK server
 * and transport per request (that costs a JSON-Schema compiler, a Node→Fetch request conversion and web streams every
 * time, and was half the proxy's CPU per tool call). Everything else (batches, pings, unknown tools or methods,
 * unusual headers, malformed messages) goes through a per-request SDK server and transport, loaded on first use, so
 * the SDK stays the reference for every rule it enforces. mcp-endpoint.test.ts proves both roads answer alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  LATEST_PROTOCOL_VERSION,
  ListToolsRequestSchema,
  PingRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Caller } from '../go/gateway.js';
import type { ToolDef } from '../tools/definitions.js';
import type { ToolRouter } from '../tools/execute.js';
import { OUTPUT_SCHEMAS, type ToolResult } from '../tools/results.js';
import { SERVICE_NAME, SERVICE_VERSION } from '../version.js';

/** What a tool call adds to its request's access-log line (one line per request: one write per call). */
export interface ToolCallRecord {
  readonly tool: string;
  /** the verified caller */
  readonly sub: string;
  readonly isError: boolean;
  readonly goStatus: number | undefined;
  readonly toolMs: number;
}

export interface McpEndpointOptions {
  readonly router: ToolRouter;
  readonly maxBodyBytes: number;
  /** answer every request through the SDK server and transport (tests compare the two roads) */
  readonly sdkOnly?: boolean;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  return rest;
}

const INSTRUCTIONS =
  'ToolBridge notes, tasks, comments, chats and chat messages. Every item has a uid (UUID) and a version; lists are ' +
  'oldest first and paginate with nextCursor. Comments need a parent note or task; chat messages need a chat.';

/** `note` adds a tool call's record to the request's log line. */
export type McpHandler = (req: IncomingMessage, res: ServerResponse, caller: Caller, note?: (record: ToolCallRecord) => void) => Promise<void>;

type RequestId = string | number;

/** A request the direct road answers: exactly what the SDK would accept and route to our two handlers. */
type DirectRequest =
  | { readonly id: RequestId; readonly method: 'initialize'; readonly protocolVersion: string }
  | { readonly id: undefined; readonly method: 'notifications/initialized' }
  | { readonly id: RequestId; readonly method: 'tools/list' }
  | { readonly id: RequestId; readonly method: 'tools/call'; readonly tool: ToolDef; readonly args: Record<string, unknown> | undefined };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const onlyKeys = (value: Record<string, unknown>, allowed: readonly string[]) => Object.keys(value).every((key) => allowed.includes(key));

/**
 * The headers the transport requires (Accept with both types, a JSON Content-Type, a supported or absent
 * MCP-Protocol-Version) and a declared length; anything unusual is left to the SDK to judge.
 */
function directHeaders(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (typeof accept !== 'string' || !accept.includes('application/json') || !accept.includes('text/event-stream')) return false;
  const contentType = req.headers['content-type'];
  if (typeof contentType !== 'string' || contentType.split(';')[0]!.trim().toLowerCase() !== 'application/json') return false;
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return false;
  // a declared length (SDK clients, curl and k6 send one), so the body is bounded before it is read
  const length = req.headers['content-length'];
  return typeof length === 'string' && /^\d+$/.test(length);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client went away before sending the whole request'));
    });
  });
}

/** The SDK transport's decoding: UTF-8, a leading BOM dropped, bad bytes replaced. */
const decoder = new TextDecoder();

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** An error answer exactly as the SDK transport writes it. */
function sendTransportError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/** A tools/call result in the key order the SDK's result validation produces. */
function ordered(result: ToolResult): Record<string, unknown> {
  const { _meta, content, structuredContent, isError, ...rest } = result;
  return {
    ...(_meta !== undefined ? { _meta } : {}),
    content,
    ...(structuredContent !== undefined ? { structuredContent } : {}),
    ...(isError !== undefined ? { isError } : {}),
    ...rest,
  };
}

/** Request schemas of the methods this server answers; their params are checked before the SDK sees them. */
const PARAM_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
};

/** "params.cursor: Invalid input: expected string, received number" — where and what, without the library's dump. */
function paramsProblem(message: unknown): string | undefined {
  if (!isPlainObject(message) || typeof message.method !== 'string' || !('id' in message)) return undefined;
  const schema = PARAM_SCHEMAS[message.method];
  const parsed = schema?.safeParse({ method: message.method, params: message.params });
  if (!parsed || parsed.success) return undefined;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'params'}: ${issue.message}`);
  return `Invalid params for ${message.method}: ${issues.join('; ')}`;
}

/**
 * The SDK answers a request whose params fail its schema with -32603 and the schema library's issue dump as the
 * message. JSON-RPC says -32602 (Invalid params), so such requests are answered here, one by one inside batches.
 */
function refuseInvalidParams(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (message, extra) => {
    const problem = paramsProblem(message);
    if (problem === undefined || !('id' in message)) return deliver(message, extra);
    const error: JSONRPCMessage = { jsonrpc: '2.0', id: message.id, error: { code: ErrorCode.InvalidParams, message: problem } };
    void transport.send(error, { relatedRequestId: message.id });
  };
}

/** The SDK server side, loaded when the first message needs it (most processes never do: it is ~8 MB resident). */
type Sdk = {
  readonly Server: typeof import('@modelcontextprotocol/sdk/server/index.js').Server;
  readonly StreamableHTTPServerTransport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
  /** the SDK server only uses it for elicitation, which this server never asks for: one serves every request */
  readonly jsonSchemaValidator: import('@modelcontextprotocol/sdk/validation/ajv').AjvJsonSchemaValidator;
};
let sdk: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/validation/ajv'),
  ]).then(([server, transport, ajv]) => ({
    Server: server.Server,
    StreamableHTTPServerTransport: transport.StreamableHTTPServerTransport,
    jsonSchemaValidator: new ajv.AjvJsonSchemaValidator(),
  }));
  return sdk;
}

export function createMcpEndpoint(options: McpEndpointOptions): McpHandler {
  const listed = options.router.tools.map((tool) => ({
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(OUTPUT_SCHEMAS[tool.output], 'output'),
    annotations: tool.annotations,
  }));
  /** tools/list never changes: its result is serialised once */
  const listedJson = JSON.stringify({ tools: listed });
  const byName = new Map(options.router.tools.map((tool) => [tool.name, tool]));
  const capabilities = { tools: { listChanged: false } };

  const callTool = async (tool: ToolDef, args: unknown, caller: Caller, note: ((record: ToolCallRecord) => void) | undefined): Promise<ToolResult> => {
    const startedAt = performance.now();
    const result = await options.router.run(tool, args, caller);
    const go = result._meta?.['toolbridge/go'] as { status?: number } | undefined;
    note?.({
      tool: tool.name,
      sub: caller.sub,
      isError: result.isError === true,
      goStatus: go?.status,
      toolMs: Math.round((performance.now() - startedAt) * 10) / 10,
    });
    return result;
  };

  const viaSdk = async (
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    note: ((record: ToolCallRecord) => void) | undefined,
    parsedBody?: unknown,
  ): Promise<void> => {
    const { Server, StreamableHTTPServerTransport, jsonSchemaValidator } = await loadSdk();
    const server = new Server({ name: SERVICE_NAME, version: SERVICE_VERSION }, { capabilities, instructions: INSTRUCTIONS, jsonSchemaValidator });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = byName.get(request.params.name);
      // not McpError: its message carries an "MCP error -32602:" prefix, which clients add again
      if (!tool) throw Object.assign(new Error(`Unknown tool: ${request.params.name}`), { code: ErrorCode.InvalidParams });
      return callTool(tool, request.params.arguments, caller, note);
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: options.maxBodyBytes,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    refuseInvalidParams(transport);
    await transport.handleRequest(req, res, parsedBody);
  };

  /** The message, if the direct road may answer it; otherwise undefined and the SDK decides. */
  const direct = (message: unknown): DirectRequest | undefined => {
    if (!isPlainObject(message) || message.jsonrpc !== '2.0' || !onlyKeys(message, ['jsonrpc', 'id', 'method', 'params'])) return undefined;
    const { id, method, params } = message;
    if (method === 'notifications/initialized' && !('id' in message)) {
      return params === undefined || (isPlainObject(params) && Object.keys(params).length === 0) ? { id: undefined, method } : undefined;
    }
    if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) return undefined;
    if (method === 'initialize') {
      // once per client session: validated by the SDK's own schema, so it accepts exactly what the SDK accepts
      const parsed = InitializeRequestSchema.safeParse({ method, params });
      return parsed.success ? { id, method, protocolVersion: parsed.data.params.protocolVersion } : undefined;
    }
    if (method === 'tools/list') {
      return params === undefined || (isPlainObject(params) && Object.keys(params).length === 0) ? { id, method } : undefined;
    }
    if (method !== 'tools/call' || !isPlainObject(params) || !onlyKeys(params, ['name', 'arguments'])) return undefined;
    const tool = typeof params.name === 'string' ? byName.get(params.name) : undefined;
    if (!tool) return undefined; // unknown tools get the SDK's JSON-RPC error
    if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined;
    return { id, method, tool, args: params.arguments };
  };

  return async (req, res, caller, note) => {
    if (options.sdkOnly || !directHeaders(req)) return viaSdk(req, res, caller, note);
    if (Number(req.headers['content-length']) > options.maxBodyBytes) {
      return sendTransportError(res, 413, -32000, `Payload Too Large: Request body must not exceed ${options.maxBodyBytes} bytes`);
    }
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(await readBody(req)));
    } catch {
      return sendTransportError(res, 400, -32700, 'Parse error: Invalid JSON');
    }
    if (Array.isArray(message) && message.length === 0) {
      return sendTransportError(res, 400, ErrorCode.InvalidRequest, 'Invalid Request: an empty batch');
    }
    const request = direct(message);
    if (!request) return viaSdk(req, res, caller, note, message);
    if (request.method === 'notifications/initialized') {
      res.writeHead(202);
      return void res.end();
    }
    const id = JSON.stringify(request.id);
    if (request.method === 'initialize') {
      // the SDK server's answer: the client's revision when supported, else the latest
      const protocolVersion = SUPPORTED_PROTOCOL_VERSIONS.includes(request.protocolVersion) ? request.protocolVersion : LATEST_PROTOCOL_VERSION;
      const result = { protocolVersion, capabilities, serverInfo: { name: SERVICE_NAME, version: SERVICE_VERSION }, instructions: INSTRUCTIONS };
      return sendJson(res, 200, `{"result":${JSON.stringify(result)},"jsonrpc":"2.0","id":${id}}`);
    }
    if (request.method === 'tools/list') return sendJson(res, 200, `{"result":${listedJson},"jsonrpc":"2.0","id":${id}}`);
    let result: ToolResult;
    try {
      result = await callTool(request.tool, request.args, caller, note);
    } catch (error) {
      // what the SDK's protocol layer answers when a handler throws
      const message = error instanceof Error && error.message ? error.message : 'Internal error';
      return sendJson(res, 200, JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: ErrorCode.InternalError, message } }));
    }
    sendJson(res, 200, `{"result":${JSON.stringify(ordered(result))},"jsonrpc":"2.0","id":${id}}`);
  };
}
