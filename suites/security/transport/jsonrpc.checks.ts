/**
 * JSON-RPC 2.0 error answers on the MCP endpoint (§5.1 error codes; MCP 2025-11-25 tools §error handling): invalid
 * params are -32602 with a message a client can show, an empty batch is -32600, an unknown method -32601. A server
 * that answers -32603 with its schema library's issue dump tells clients nothing useful and leaks its internals.
 */
import { CheckFailure } from '../../../framework/model/assert.js';
import { catalogue, defineCheck } from '../../../framework/checks/define.js';
import type { HttpExchange } from '../../../framework/clients/http.js';
import { snippet } from '../../shared/text.js';
import { controlledToken, mcpPost, rpc, rpcMessage } from './lib/mcp-http.js';
import { PROXY_APP, TRANSPORT_SPEC } from './lib/meta.js';

const JSONRPC_SPEC = 'https://www.jsonrpc.org/specification#error_object';
const TOOLS_SPEC = 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#error-handling';

/** Marks of a library's internals in an error message: JSON dumps, stack frames, schema-library names. */
const INTERNALS = /[[{]\s*"|\n|ZodError|invalid_type|\bat \S+ \(|\.(?:ts|js|py):\d+|Traceback/;
/** The SDK's McpError prefix: clients add it again when they wrap the error. */
const PREFIXED = /^MCP error -?\d+:/;

interface RpcError {
  readonly code: unknown;
  readonly message: unknown;
}

function rpcError(response: HttpExchange): RpcError | undefined {
  const error = rpcMessage(response)?.error as RpcError | undefined;
  return error && typeof error === 'object' ? error : undefined;
}

/** What is wrong with the answer to one probe, if anything. */
function wrongError(response: HttpExchange, code: number): string | undefined {
  const error = rpcError(response);
  if (!error) return `answered ${response.status} without a JSON-RPC error ${snippet(response.text)}`;
  if (error.code !== code) return `error code ${JSON.stringify(error.code)} instead of ${code} (${snippet(String(error.message))})`;
  if (typeof error.message !== 'string' || error.message.trim() === '') return 'the error has no message';
  if (INTERNALS.test(error.message) || error.message.length > 400) return `the message carries library internals: ${snippet(error.message)}`;
  if (PREFIXED.test(error.message)) return `the message carries the "MCP error ${code}:" prefix, which clients repeat: ${snippet(error.message)}`;
  return undefined;
}

export const jsonRpcChecks = catalogue([
  defineCheck(
    {
      id: 'SEC-TRANSPORT-JSONRPC-INVALID-PARAMS',
      transports: ['http'],
      title: 'Invalid params are answered with -32602 and a plain message',
      area: 'security/transport',
      severity: 'low',
      requirement: `${JSONRPC_SPEC} (-32602 Invalid params); ${TOOLS_SPEC} (unknown tools: -32602)`,
      expected:
        'tools/list with cursor 5, tools/call with name 5 and initialize without params each answer a JSON-RPC error -32602 whose message is one plain line (no JSON dump, stack or schema-library names); an unknown tool is -32602 without the "MCP error" prefix, or a tool error result',
      rationale:
        '-32603 says the server broke when the client sent something wrong: clients retry instead of fixing the call, and a message that dumps the schema library\'s issues exposes internals and confuses the person reading it',
      security: {
        score: 2.7,
        cwe: 'CWE-209',
        remediation: 'Validate each request\'s params before dispatch and answer -32602 with a short message naming the field; throw unknown-tool errors as plain errors with code -32602 (not McpError, whose message carries its own prefix).',
        location: 'proxy/http/mcp-endpoint.ts',
      },
    },
    async (ctx) => {
      const token = await controlledToken(ctx, 'transport-jsonrpc-params');
      const probes: [string, Record<string, unknown>][] = [
        ['tools/list with cursor 5', rpc('tools/list', { cursor: 5 })],
        ['tools/call with name 5', rpc('tools/call', { name: 5, arguments: {} })],
        ['initialize without params', rpc('initialize')],
      ];
      const problems: string[] = [];
      for (const [label, body] of probes) {
        const wrong = wrongError(await mcpPost(ctx, { body, token, label }), -32602);
        if (wrong) problems.push(`${label}: ${wrong}`);
      }
      const unknown = await mcpPost(ctx, { body: rpc('tools/call', { name: 'tbv_no_such_tool', arguments: {} }), token, label: 'tools/call of an unknown tool' });
      const toolError = (rpcMessage(unknown)?.result as { isError?: unknown } | undefined)?.isError === true;
      const wrong = toolError ? undefined : wrongError(unknown, -32602);
      if (wrong) problems.push(`unknown tool: ${wrong}`);
      if (problems.length > 0) throw new CheckFailure(`invalid params are not answered as JSON-RPC -32602 with a plain message: ${problems.join('; ')}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-JSONRPC-EMPTY-BATCH',
      transports: ['http'],
      title: 'An empty JSON-RPC batch is answered with -32600',
      area: 'security/transport',
      severity: 'low',
      requirement: 'https://www.jsonrpc.org/specification#batch (an empty array: a single -32600 Invalid Request response)',
      expected: 'POST /mcp with the body [] and a valid token answers a JSON-RPC error -32600 (with HTTP 400), never 2xx without an answer',
      rationale: 'accepting an empty batch silently (202) hides broken clients and shows a parser that takes what JSON-RPC says to refuse',
      security: {
        score: 2.0,
        cwe: 'CWE-20',
        remediation: 'Answer a body that is an empty array with 400 and {"jsonrpc":"2.0","error":{"code":-32600,…},"id":null} before dispatch.',
        location: 'proxy/http/mcp-endpoint.ts',
      },
    },
    async (ctx) => {
      const token = await controlledToken(ctx, 'transport-jsonrpc-batch');
      const wrong = wrongError(await mcpPost(ctx, { body: '[]', token, label: 'an empty batch' }), -32600);
      if (wrong) throw new CheckFailure(`an empty batch is not refused with -32600: ${wrong}`);
    },
  ),
  defineCheck(
    {
      id: 'SEC-TRANSPORT-JSONRPC-UNKNOWN-METHOD',
      transports: ['http'],
      title: 'An unknown method is answered with -32601',
      area: 'security/transport',
      severity: 'low',
      requirement: `${JSONRPC_SPEC} (-32601 Method not found); ${TRANSPORT_SPEC}`,
      expected: 'a request for the method tbv/no-such-method with a valid token answers a JSON-RPC error -32601 with a plain message',
      rationale: 'clients feature-detect by the -32601 answer; any other code (or a success) makes them believe the server broke or did something',
      security: {
        score: 2.0,
        cwe: 'CWE-754',
        remediation: 'Leave unknown methods to the MCP SDK\'s dispatcher (it answers -32601) and never map them to another code.',
        location: PROXY_APP,
      },
    },
    async (ctx) => {
      const token = await controlledToken(ctx, 'transport-jsonrpc-method');
      const wrong = wrongError(await mcpPost(ctx, { body: rpc('tbv/no-such-method'), token, label: 'an unknown method' }), -32601);
      if (wrong) throw new CheckFailure(`an unknown method is not answered with -32601: ${wrong}`);
    },
  ),
]);
