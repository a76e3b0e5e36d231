/**
 * The HTTP dispatcher for a target: trusts the target's extra CA (the local edge's) on top of the system roots.
 */
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { TargetSpec } from '../target/spec.js';

const agents = new Map<string, Agent>();

export function dispatcherFor(spec: Pick<TargetSpec, 'caCertPem'>): Dispatcher | undefined {
  const ca = spec.caCertPem;
  if (!ca) return undefined;
  let agent = agents.get(ca);
  if (!agent) {
    agent = new Agent({ connect: { ca: [...rootCertificates, ca] } });
    agents.set(ca, agent);
  }
  return agent;
}
