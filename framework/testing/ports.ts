/**
 * Loopback ports for tests that need a port number before anything listens on it: a child process told which port
 * to bind, or a port that must keep refusing connections.
 *
 * "Listen on 0, read the port, close" is not enough when test files run side by side: the kernel hands the same
 * port to the next `listen(0)` of another worker, which then answers where nothing should (or takes the port the
 * child was about to bind). The ports given here lie below the kernel's ephemeral range, which `listen(0)` and
 * outgoing connections draw from, so only another explicit choice could take one: a random pick among ~10,000.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's ephemeral range starts at 32768 by default; macOS's at 49152. */
const DEFAULT_EPHEMERAL_LOW = 32_768;
const RANGE_SIZE = 10_000;
const ATTEMPTS = 50;

export function ephemeralRangeLow(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const low = Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : DEFAULT_EPHEMERAL_LOW;
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

/** Whether a listener can take `port` on `host` right now (it is closed again before this resolves). */
export function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The ports `unusedPort` picks from: [low, high), just below the kernel's ephemeral range. */
export function unusedPortRange(): { readonly low: number; readonly high: number } {
  const high = Math.min(ephemeralRangeLow(), DEFAULT_EPHEMERAL_LOW);
  return { low: Math.max(1025, high - RANGE_SIZE), high };
}

/** A port on `host` nothing listens on, outside the range the kernel assigns by itself. */
export async function unusedPort(host = '127.0.0.1', random: () => number = Math.random): Promise<number> {
  const { low, high } = unusedPortRange();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = low + Math.floor(random() * (high - low));
    if (await canListen(port, host)) return port;
  }
  throw new Error(`no unused port on ${host} between ${low} and ${high - 1} after ${ATTEMPTS} attempts`);
}

/** `count` distinct unused ports (none is listened on yet, so one pick could otherwise come back twice). */
export async function unusedPorts(count: number, host = '127.0.0.1', random: () => number = Math.random): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await unusedPort(host, random));
  return [...ports];
}
