/**
 * End to end: every one of the 40 entity operations through a real MCP client (SDK, over the transport detected for
 * the run), its effect confirmed by reading the Go API directly. One check per operation, generated from the entity
 * table, so a broken or miswired tool fails its own check. The tool and its parameter names come from the target's
 * own tools/list (suites/shared/tool-surface.ts), so the same checks drive our proxy and the upstream one.
 */
import { ENTITIES, type EntityDef } from '../../contract/entities.js';
import type { RestOperation } from '../../contract/routes.js';
import { CheckFailure, ensure, equal, matches } from '../../framework/model/assert.js';
import { z } from 'zod';
import type { CheckContext } from '../../framework/checks/context.js';
import { catalogue, defineCheck, type CheckDef } from '../../framework/checks/define.js';
import { createArgs, expectedCreatedPayload, parentEntity, updateArgs } from '../../fixtures/clients/sample-args.js';
import { toolName } from '../../contract/tools.js';
import { OPERATIONS, SurfaceCaller } from '../shared/tool-surface.js';
import { goStatusOf } from '../shared/tool-status.js';
import { listAll, readItem, readTombstone, seedItem } from '../shared/go-direct.js';

const DeleteSummary = z.looseObject({ uid: z.string(), version: z.number(), deletedAt: z.string() });

type ToolItem = { uid: string; version: number; updatedAt: string; deletedAt: string | null; payload: Record<string, unknown> };

/** A user with an open Go session and an MCP session acting as the same subject, calling tools by the contract's names. */
async function actors(ctx: CheckContext, label: string) {
  const user = await ctx.user(label);
  await user.openSession();
  return { user, mcp: await SurfaceCaller.learn(await ctx.mcp(user)) };
}

const scenarios: Record<RestOperation, (ctx: CheckContext, entity: EntityDef) => Promise<void>> = {
  async create(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-create');
    const parent = parentEntity(entity);
    const parentUid = parent ? (await seedItem(user, parent)).item.uid : undefined;
    const args = createArgs(entity, parentUid, 'via mcp');
    const created = await mcp.ok<ToolItem>(entity, 'create', args);
    const stored = await readItem(user, entity, created.uid);
    equal(stored.version, 1, 'version of the created item');
    for (const [key, value] of Object.entries(expectedCreatedPayload(entity, args))) {
      equal(stored.payload[key], value, `stored payload.${key}`);
    }
  },

  async get(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-get');
    const { item } = await seedItem(user, entity);
    const got = await mcp.ok<ToolItem>(entity, 'get', { uid: item.uid });
    equal(got.uid, item.uid, 'uid returned by the tool');
    equal(got.version, item.version, 'version returned by the tool');
    equal(got.payload, item.payload, 'payload returned by the tool');
    equal(got.deletedAt, null, 'deletedAt of a live item');
  },

  async list(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-list');
    const first = (await seedItem(user, entity, 'first')).item.uid;
    const second = (await seedItem(user, entity, 'second')).item.uid;
    const listed = await mcp.ok<{ items: ToolItem[]; nextCursor: string | null }>(entity, 'list', { limit: 1000 });
    const fromGo = (await listAll(user, entity)).map((i) => i.uid);
    equal(listed.items.map((i) => i.uid), fromGo, `${entity.plural} listed by the tool vs the Go API (oldest first)`);
    ensure(fromGo.includes(first) && fromGo.includes(second), `the seeded ${entity.plural} are not listed`);
    ensure(listed.nextCursor, 'a non-empty page carries nextCursor');
    const next = await mcp.ok<{ items: ToolItem[] }>(entity, 'list', { limit: 1000, cursor: listed.nextCursor });
    equal(next.items.length, 0, 'the page after the last one');
  },

  async replace(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-update');
    const { item, parentUid } = await seedItem(user, entity);
    const args = updateArgs(entity, item.uid);
    const outcome = await mcp.call(entity, 'replace', args);
    if (outcome.isError && parentUid && goStatusOf(outcome) === 500) {
      throw new CheckFailure(
        `${mcp.tool(entity, 'replace').name} fails: the full replace sends only ${Object.keys(args).join(', ')}, dropping the ${entity.singular}'s parent link, and the Go API refuses it with 500 (contract §16.9): ${outcome.text.slice(0, 300)}`,
      );
    }
    ensure(!outcome.isError, `${mcp.tool(entity, 'replace').name} returned an error: ${outcome.text.slice(0, 300)}`);
    const stored = await readItem(user, entity, item.uid);
    equal(stored.version, item.version + 1, 'version after update (version + 1)');
    for (const field of entity.updateFields) equal(stored.payload[field.key], args[field.param], `stored payload.${field.key}`);
    if (parentUid) ensure(Object.values(stored.payload).includes(parentUid), `the update dropped the ${entity.singular}'s parent link`);
    ensure(!('tags' in stored.payload), 'a full replace keeps keys it was not given (tags)');
  },

  async patch(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-patch');
    const { item } = await seedItem(user, entity);
    await mcp.ok(entity, 'patch', { uid: item.uid, updates: { e2eMarker: 'patched', nothing: null } });
    const stored = await readItem(user, entity, item.uid);
    equal(stored.version, item.version + 1, 'version after patch (version + 1)');
    equal(stored.payload.e2eMarker, 'patched', 'patched key');
    equal(stored.payload.nothing, null, 'a null value is stored as null');
    for (const key of Object.keys(item.payload).filter((k) => k !== 'updatedTs' && k !== 'sync')) {
      equal(stored.payload[key], item.payload[key], `untouched payload.${key}`);
    }
  },

  async delete(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-delete');
    const { item } = await seedItem(user, entity);
    const tool = mcp.tool(entity, 'delete').name;
    const outcome = await mcp.call(entity, 'delete', { uid: item.uid });
    const { gone, withDeleted } = await readTombstone(user, entity, item.uid);
    if (outcome.isError) {
      throw new CheckFailure(
        `${tool} reported failure although the ${entity.singular} is gone (the Go API answers 410 for it, tombstone version ${withDeleted.version}): a caller told the delete failed will retry or give up on an item that no longer exists (contract §16.8): ${outcome.text.slice(0, 300)}`,
      );
    }
    const summary = matches(DeleteSummary, outcome.structured, `${tool} result (the delete summary)`);
    equal(summary.uid, item.uid, 'uid of the delete summary');
    equal(gone, summary.deletedAt, 'deletedAt reported by the Go API vs the tool');
    equal(withDeleted.version, summary.version, 'tombstone version vs the delete summary');
  },

  async archive(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-archive');
    const { item } = await seedItem(user, entity);
    await mcp.ok(entity, 'archive', { uid: item.uid });
    const stored = await readItem(user, entity, item.uid);
    equal(stored.version, item.version + 1, 'version after archive');
    for (const [key, value] of Object.entries(entity.archiveEffect)) equal(stored.payload[key], value, `archived payload.${key}`);
  },

  async process(ctx, entity) {
    const { user, mcp } = await actors(ctx, 'e2e-process');
    const { item } = await seedItem(user, entity);
    let version = item.version;
    for (const [action, effect] of Object.entries(entity.processActions)) {
      await mcp.ok(entity, 'process', { uid: item.uid, action }, `process ${action}`);
      const stored = await readItem(user, entity, item.uid, `confirm ${action}`);
      equal(stored.version, ++version, `version after ${action}`);
      for (const [key, value] of Object.entries(effect)) equal(stored.payload[key], value, `payload.${key} after ${action}`);
    }
  },
};

const SEVERITY: Record<RestOperation, 'critical' | 'high'> = {
  create: 'critical',
  get: 'critical',
  list: 'high',
  replace: 'high',
  patch: 'high',
  delete: 'critical',
  archive: 'high',
  process: 'high',
};

function toolCheck(entity: EntityDef, op: RestOperation): CheckDef {
  const name = toolName(entity, op);
  return defineCheck(
    {
      id: `E2E-${name.toUpperCase()}`,
      title: `${name} works through MCP and its effect is visible in the Go API`,
      area: 'e2e',
      severity: SEVERITY[op],
      requirement: 'issue #3 (40 tools, contract §15.3 names and parameters); contract §9',
      expected: `${name} succeeds and the Go API shows its effect`,
    },
    (ctx) => scenarios[op](ctx, entity),
  );
}

export const toolChecks = catalogue(ENTITIES.flatMap((entity) => OPERATIONS.map((op) => toolCheck(entity, op))));
