import { describe, expect, it } from 'vitest';
import { mcpEndpointOf, TargetConfigError, targetFromEnv } from './spec.js';

const ENV = { GO_API_BASE_URL: 'http://127.0.0.1:8081', TENANT_ID: 't', TENANT_HEADER_SECRET: 's', JWT_SECRET: 'j' };

describe('the MCP part of a target', () => {
  it.each([
    ['the base', 'https://mcp.example', 'https://mcp.example/sse'],
    ['its Streamable HTTP endpoint', 'https://mcp.example/mcp', 'https://mcp.example/sse'],
    ['its SSE endpoint', 'https://mcp.example/sse', 'https://mcp.example/sse'],
    ['an SSE endpoint under a path', 'https://h.example/tools/sse', 'https://h.example/tools/sse'],
  ])('MCP_BASE_URL may name %s', (_, base, sseUrl) => {
    const spec = targetFromEnv({ ...ENV, MCP_BASE_URL: base }, 'r');
    expect(spec.proxyUrl).toBe(base.replace(/\/(mcp|sse)$/, ''));
    expect(spec.mcpUrl).toBe(`${spec.proxyUrl}/mcp`);
    expect(spec.sseUrl).toBe(sseUrl);
  });

  it('takes MCP_TRANSPORT (auto when unset) and refuses anything else by name', () => {
    expect(targetFromEnv({ ...ENV, MCP_BASE_URL: 'https://m.example' }, 'r').mcpTransport).toBe('auto');
    expect(targetFromEnv({ ...ENV, MCP_BASE_URL: 'https://m.example', MCP_TRANSPORT: 'sse' }, 'r').mcpTransport).toBe('sse');
    expect(() => targetFromEnv({ ...ENV, MCP_BASE_URL: 'https://m.example', MCP_TRANSPORT: 'websocket' }, 'r')).toThrow(TargetConfigError);
    expect(() => targetFromEnv({ ...ENV, MCP_BASE_URL: 'https://m.example', MCP_TRANSPORT: 'websocket' }, 'r')).toThrow(/MCP_TRANSPORT: MCP_TRANSPORT must be auto, http or sse/);
  });

  it('connects over Streamable HTTP on mcpUrl until a transport has been detected', () => {
    const spec = targetFromEnv({ ...ENV, MCP_BASE_URL: 'https://m.example' }, 'r');
    expect(mcpEndpointOf(spec)).toEqual({ transport: 'http', url: 'https://m.example/mcp' });
    expect(mcpEndpointOf({ ...spec, mcpEndpoint: { transport: 'sse', url: 'https://m.example/sse' } })).toEqual({ transport: 'sse', url: 'https://m.example/sse' });
  });
});
