import { describe, expect, it } from 'vitest';
import { forwardedHeaders } from './bearer-front.js';
import { listedScenarios } from './conformance-run.js';

const target = new URL('https://mcp.example.dev/mcp');
const FRONT = '127.0.0.1:4100';

describe('the bearer front', () => {
  it('adds the token and speaks for the target when the caller addresses the front', () => {
    expect(forwardedHeaders({ host: FRONT, origin: `http://${FRONT}`, 'content-type': 'application/json', connection: 'keep-alive' }, FRONT, target, 'tok')).toEqual({
      host: 'mcp.example.dev',
      origin: 'https://mcp.example.dev',
      'content-type': 'application/json',
      authorization: 'Bearer tok',
    });
  });

  it('passes a foreign Host and Origin through unchanged, and keeps a caller’s own credentials', () => {
    expect(forwardedHeaders({ host: 'evil.example.com', origin: 'http://evil.example.com', authorization: 'Bearer mine' }, FRONT, target, 'tok')).toEqual({
      host: 'evil.example.com',
      origin: 'http://evil.example.com',
      authorization: 'Bearer mine',
    });
  });
});

describe("the suite's scenario list", () => {
  it('is read from the server section only', () => {
    const out = 'Server scenarios (test against a server):\n  - server-initialize [2025-06-18,2025-11-25]\n  - ping [2025-06-18]\n\nClient scenarios (test against a client):\n  - initialize [2025-06-18]\n';
    expect(listedScenarios(out)).toEqual(['server-initialize', 'ping']);
  });
});
