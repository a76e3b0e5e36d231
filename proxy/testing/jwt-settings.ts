/** HS256 verifier settings and claims for the token verifier's tests (the real one's and the defective ones'). */
import type { JwtSettings } from '../config.js';

export const TEST_HS256_SECRET = 'h'.repeat(64);

export const HS256_SETTINGS: JwtSettings = {
  hs256Secret: TEST_HS256_SECRET,
  jwksUrl: undefined,
  issuer: 'https://issuer.example/',
  audience: 'toolbridge-mcp',
  algorithms: ['HS256'],
  clockToleranceS: 5,
};

/** issuer and audience of a token the settings accept */
export const HS256_CLAIMS = { issuer: HS256_SETTINGS.issuer!, audience: HS256_SETTINGS.audience! };

export const bearer = (token: string): string => `Bearer ${token}`;
