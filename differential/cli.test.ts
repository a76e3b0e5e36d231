import { describe, expect, it } from 'vitest';
import { parseInvocation, UsageError } from './cli.js';

const env = { DIFF_JWT_SECRET: 'j', DIFF_TENANT_SECRET: 't' };

describe('the differential CLI', () => {
  it('takes two loopback base URLs and the shared secrets', () => {
    const { options, secrets } = parseInvocation(['--a', 'http://127.0.0.1:8081', '--b', 'http://127.0.0.1:8082'], env);
    expect(options).toMatchObject({ a: 'http://127.0.0.1:8081', b: 'http://127.0.0.1:8082', concurrency: 6, out: 'differential-report' });
    expect(secrets).toMatchObject({ jwtSecret: 'j', tenantSecret: 't', tenantId: 'diff-tenant' });
  });

  it('names every problem at once: a missing URL, a remote host, missing secrets, a key without its kid', () => {
    let message = '';
    try {
      parseInvocation(['--b', 'http://example.com:8082'], { DIFF_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' });
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      message = (error as Error).message;
    }
    expect(message).toContain('a:');
    expect(message).toContain('b: must be a loopback address');
    expect(message).toContain('DIFF_JWT_SECRET: is required');
    expect(message).toContain('DIFF_TENANT_SECRET: is required');
    expect(message).toContain('DIFF_JWT_KID: DIFF_JWT_PRIVATE_KEY and DIFF_JWT_KID go together');
  });

  it('refuses unknown flags with the usage line', () => {
    expect(() => parseInvocation(['--target', 'x'], env)).toThrow(/usage: --a URL --b URL/);
  });
});
