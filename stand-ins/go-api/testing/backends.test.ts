import { describe, expect, it } from 'vitest';
import { uniqueSub } from '../../identities/tokens.js';
import type { Queryable } from '../db/database.js';
import { upsertUser } from '../store/users.js';
import { BACKENDS, isolatedDatabase, sharedDatabase } from './backends.js';

const countOf = async (db: Queryable, sub: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user WHERE sub = $1', [sub]))[0]!.n;

describe.each(BACKENDS)('an isolated database (%s)', (backend) => {
  it("neither sees nor deletes the shared database's rows, and leaves nothing behind when closed", async () => {
    const shared = await sharedDatabase(backend);
    const sub = uniqueSub('shared');
    await upsertUser(shared, sub);
    const isolated = await isolatedDatabase(backend);
    try {
      expect(await countOf(isolated, sub)).toBe(0);
      await upsertUser(isolated, uniqueSub('isolated'));
      await isolated.query('DELETE FROM app_user');
      expect(await countOf(shared, sub)).toBe(1);
    } finally {
      await isolated.close();
    }
    if (backend === 'postgres') {
      const left = await shared.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'standin_isolated_%'");
      expect(left.filter((s) => s.name.startsWith(`standin_isolated_${process.pid}_`))).toEqual([]);
    }
  });
});
