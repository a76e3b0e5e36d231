/**
 * The HTTP dispatcher for a target: trusts the target's extra CA (the local edge's) on top of the system roots.
 */
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { TargetSpec } from './spec.js';

const agents = new Map<string, Agent>();

/** Node's default roots plus the target's own CA (the local edge's), as every client of the target trusts them. */
export function trustedCas(ca: string): string[] {
  return [...rootCertificates, ca];
}

export function dispatcherFor(spec: Pick<TargetSpec, 'caCertPem'>): Dispatcher | undefined {
  const ca = spec.caCertPem;
  if (!ca) return undefined;
  let agent = agents.get(ca);
  if (!agent) {
    agent = new Agent({ connect: { ca: trustedCas(ca) } });
    agents.set(ca, agent);
  }
  return agent;
}
