/**
 * Bearer tokens beyond the guard variants: issuer and audience claims (when the servers require them), and the
 * RS family (when the identity provider's key is given): algorithms, kids, foreign keys, key confusion.
 */
import { ENTITIES, restPath } from '../../contract/index.js';
import { SESSION_STEP, step, type Case, type TokenVariant } from '../case.js';

const CLAIM_VARIANTS: readonly TokenVariant[] = ['no-iss', 'wrong-iss', 'no-aud', 'wrong-aud', 'aud-list'];
const RS_VARIANTS: readonly TokenVariant[] = ['rs256', 'rs384', 'rs512', 'ps256', 'rs256-no-kid', 'rs256-unknown-kid', 'rs256-foreign-key', 'hs256-public-key'];

export interface TokenCaseOptions {
  /** the servers require iss/aud (AUTH0 mode) */
  readonly claims: boolean;
  /** the identity provider's private key is at hand */
  readonly rsa: boolean;
}

export function tokenCases(options: TokenCaseOptions): Case[] {
  const variants = [...(options.claims ? CLAIM_VARIANTS : []), ...(options.rsa ? RS_VARIANTS : [])];
  const list = restPath(ENTITIES[0]!, 'list');
  return variants.map((auth) => ({
    id: `tokens/${auth}`,
    steps: [
      SESSION_STEP,
      step(`list with ${auth}`, { method: 'GET', path: list, auth }),
      step(`open a session with ${auth}`, { method: 'POST', path: '/v1/sync/sessions', auth, session: 'none' }),
      step(`info with ${auth} (no auth needed)`, { method: 'GET', path: '/v1/sync/info', auth }),
    ],
  }));
}
