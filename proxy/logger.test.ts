import { describe, expect, it } from 'vitest';
import { createLogger, maskSecrets } from './logger.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('masks bearer tokens and JWT-looking strings wherever they appear', () => {
    expect(maskSecrets(`Authorization: Bearer ${JWT}`)).toBe('Authorization: Bearer [REDACTED]');
    expect(maskSecrets(`token=${JWT}&x=1`)).toBe('token=[REDACTED]&x=1');
  });

  it('redacts known secret fields and scrubs nested strings and messages', () => {
    const { logger, text } = capture();
    logger.info({ authorization: `Bearer ${JWT}`, token: 'opaque-token', signature: 'abcdef', tenantSecret: 'shh', nested: { deep: [`x ${JWT}`] } }, `got ${JWT}`);
    logger.info({ headers: { authorization: 'Bearer opaque', 'x-tb-signature': 'f'.repeat(64) } }, 'headers');
    const out = text();
    for (const secret of [JWT, 'opaque-token', 'abcdef', 'shh', 'f'.repeat(64), 'Bearer opaque']) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
  });
});
