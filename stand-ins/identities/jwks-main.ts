/**
 * `npm run jwks`: a stand-in identity provider for RS256 labs: a fresh RSA key whose public half is served as a JWKS
 * on loopback, and whose private half (PKCS#8 PEM) is written to JWKS_KEY_FILE for the verifier to sign with.
 *
 *   JWKS_KEY_FILE=/tmp/idp-key.pem npm run jwks   → http://127.0.0.1:8090/.well-known/jwks.json, kid toolbridge-local-1
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { envConfigOrExit } from '../env-config.js';
import { startJwksServer } from './jwks-server.js';

const JwksEnv = z.object({
  JWKS_KEY_FILE: z.string({ error: 'is required: where to write the private signing key (PKCS#8 PEM)' }).min(1, 'is required'),
  JWKS_KID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-"').default('toolbridge-local-1'),
  JWKS_PORT: z
    .string()
    .default('8090')
    .pipe(z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535))),
});

async function main(): Promise<void> {
  const env = envConfigOrExit(JwksEnv, 'JWKS');
  const jwks = await startJwksServer(env.JWKS_KID, env.JWKS_PORT);
  writeFileSync(env.JWKS_KEY_FILE, jwks.privateKeyPem, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify({ msg: 'JWKS listening', url: jwks.url, kid: jwks.kid, keyFile: env.JWKS_KEY_FILE })}\n`);
  const stop = () => void jwks.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
