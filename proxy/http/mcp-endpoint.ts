/**
 * MCP over Streamable HTTP, stateless: every POST gets its own SDK server and transport (so any Fly machine can
 * answer any request) and a JSON response. The tool list is computed once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Caller } from '../go/gateway.js';
import type { ToolDef } from '../tools/definitions.js';
import { executeTool, type ExecutionContext } from '../tools/execute.js';
import { OUTPUT_SCHEMAS, type ToolResult } from '../tools/results.js';
import { SERVICE_NAME, SERVICE_VERSION } from '../version.js';

export interface ToolCallRecord {
  readonly tool: string;
  readonly isError: boolean;
  readonly goStatus: number | undefined;
  readonly durationMs: number;
}

export interface McpEndpointOptions {
  readonly tools: readonly ToolDef[];
  readonly execution: ExecutionContext;
  readonly maxBodyBytes: number;
  readonly onToolCall?: (record: ToolCallRecord) => void;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  return rest;
}

const INSTRUCTIONS =
  'ToolBridge notes, tasks, comments, chats and chat messages. Every item has a uid (UUID) and a version; lists are ' +
  'oldest first and paginate with nextCursor. Comments need a parent note or task; chat messages need a chat.';

export type McpHandler = (req: IncomingMessage, res: ServerResponse, caller: Caller) => Promise<void>;

export function createMcpEndpoint(options: McpEndpointOptions): McpHandler {
  const listed = options.tools.map((tool) => ({
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(OUTPUT_SCHEMAS[tool.output], 'output'),
    annotations: tool.annotations,
  }));
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));

  const callTool = async (name: string, args: unknown, caller: Caller): Promise<ToolResult> => {
    const tool = byName.get(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const startedAt = performance.now();
    const result = await executeTool(tool, args, caller, options.execution);
    const go = result._meta?.['toolbridge/go'] as { status?: number } | undefined;
    options.onToolCall?.({
      tool: name,
      isError: result.isError === true,
      goStatus: go?.status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    });
    return result;
  };

  return async (req, res, caller) => {
    const server = new Server(
      { name: SERVICE_NAME, version: SERVICE_VERSION },
      { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
    server.setRequestHandler(CallToolRequestSchema, async (request) =>
      callTool(request.params.name, request.params.arguments, caller),
    );
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
    await transport.handleRequest(req, res);
  };
}
