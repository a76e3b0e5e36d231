import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canListen, ephemeralRangeLow, unusedPort, unusedPortRange, unusedPorts } from './ports.js';

function connect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('unusedPort', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('gives a port below the ephemeral range on which connections are refused', async () => {
    const port = await unusedPort();
    expect(port).toBeGreaterThan(1024);
    expect(port).toBeLessThan(ephemeralRangeLow());
    expect(await connect(port)).toBe('ECONNREFUSED');
  });

  it('never hands out a port something listens on', async () => {
    const busy = createServer();
    servers.push(busy);
    const first = await unusedPort();
    await new Promise<void>((resolve) => busy.listen(first, '127.0.0.1', resolve));
    expect(await canListen(first, '127.0.0.1')).toBe(false);
    // the first pick lands on the busy port, the next one elsewhere
    const { low, high } = unusedPortRange();
    const picks = [(first - low + 0.5) / (high - low), 0.999];
    const port = await unusedPort('127.0.0.1', () => picks.shift() ?? Math.random());
    expect(port).not.toBe(first);
    expect(await connect(port)).toBe('ECONNREFUSED');
  });

  it("reads the kernel's range, and falls back to Linux's default on a missing or odd file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbv-ports-'));
    try {
      const file = join(dir, 'range');
      writeFileSync(file, '40000\t60999\n');
      expect(ephemeralRangeLow(file)).toBe(40_000);
      writeFileSync(file, 'garbage\n');
      expect(ephemeralRangeLow(file)).toBe(32_768);
      expect(ephemeralRangeLow(join(dir, 'absent'))).toBe(32_768);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unusedPorts', () => {
  it('gives distinct ports even when the picks repeat', async () => {
    const picks = [0.5, 0.5, 0.5, 0.25];
    const ports = await unusedPorts(3, '127.0.0.1', () => picks.shift() ?? Math.random());
    expect(new Set(ports).size).toBe(3);
  });
});
