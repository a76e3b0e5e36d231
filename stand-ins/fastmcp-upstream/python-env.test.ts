import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { installOnce } from './python-env.js';

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const MODULE = fileURLToPath(new URL('./python-env.ts', import.meta.url));

describe('installOnce', () => {
  it('installs once when two processes ask at the same time; the other waits for it', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbv-install-once-'));
    try {
      const script = `
        import { appendFileSync, writeFileSync } from 'node:fs';
        import { installOnce } from ${JSON.stringify(MODULE)};
        installOnce(${JSON.stringify(join(dir, 'env.lock'))}, ${JSON.stringify(join(dir, 'ready'))}, () => {
          appendFileSync(${JSON.stringify(join(dir, 'installs'))}, 'install\\n');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
          writeFileSync(${JSON.stringify(join(dir, 'ready'))}, 'yes');
        });
        appendFileSync(${JSON.stringify(join(dir, 'returned'))}, String(Date.now()) + '\\n');`;
      writeFileSync(join(dir, 'caller.ts'), script);
      await Promise.all([0, 1].map(() => promisify(execFile)(TSX, [join(dir, 'caller.ts')])));
      expect(readFileSync(join(dir, 'installs'), 'utf8')).toBe('install\n');
      expect(readFileSync(join(dir, 'returned'), 'utf8').trim().split('\n')).toHaveLength(2);
      expect(existsSync(join(dir, 'env.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over the lock of an install that died long ago', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbv-install-once-'));
    try {
      const lock = join(dir, 'env.lock');
      writeFileSync(lock, '');
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(lock, hourAgo, hourAgo);
      let installs = 0;
      installOnce(lock, join(dir, 'ready'), () => void installs++);
      expect(installs).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
