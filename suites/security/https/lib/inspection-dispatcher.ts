/**
 * HTTPS for reading response headers without judging the certificate. The header and redirect checks look at one
 * property each; the certificate is the certificate checks' business, so a bad certificate must not turn every
 * other HTTPS check into a crash. Never used for a request that carries a credential.
 */
import { Agent, type Dispatcher } from 'undici';

let agent: Agent | undefined;

export function inspectionDispatcher(): Dispatcher {
  agent ??= new Agent({ connect: { rejectUnauthorized: false } });
  return agent;
}
