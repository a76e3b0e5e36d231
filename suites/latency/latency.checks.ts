/**
 * Latency: warm-up, then N calls per tool (through MCP) and per route (the Go API directly), p50/p95/p99 from HDR
 * histograms, gated by the policy (default p95 < 500 ms, the seed's staging target). Cold start is measured apart.
 */
import { ENTITIES, type EntityDef } from '../../contract/entities.js';
import { fillPath, restMethod, restPath, type RestOperation } from '../../contract/routes.js';
import { ensure } from '../../framework/model/assert.js';
import type { CheckContext } from '../../framework/checks/context.js';
import { catalogue, defineCheck } from '../../framework/checks/define.js';
import type { GoUser } from '../../framework/clients/go-user.js';
import { createArgs, expectedCreatedPayload, firstAction, parentEntity, updateArgs } from '../../fixtures/clients/sample-args.js';
import { SurfaceCaller } from '../shared/tool-surface.js';
import { LatencyRecorder, measure } from './histogram.js';
import { seedItem } from '../shared/go-direct.js';

const OPERATIONS: readonly RestOperation[] = ['list', 'get', 'create', 'replace', 'patch', 'archive', 'process', 'delete'];

interface Fixture {
  readonly user: GoUser;
  /** a live item of the entity, and a supply of fresh ones for deletes */
  readonly uid: string;
  readonly parentUid: string | undefined;
  fresh(): Promise<string>;
}

async function fixture(ctx: CheckContext, entity: EntityDef, label: string): Promise<Fixture> {
  const user = await ctx.user(label);
  await user.openSession();
  const seeded = await seedItem(user, entity, label);
  return {
    user,
    uid: seeded.item.uid,
    parentUid: seeded.parentUid,
    fresh: async () => (await seedItem(user, entity, `${label} spare`)).item.uid,
  };
}

/** A fixture per (entity, operation), keyed `entity/op`, prepared concurrently. */
async function prepareFixtures(ctx: CheckContext, label: string): Promise<Map<string, Fixture>> {
  const pairs = ENTITIES.flatMap((entity) => OPERATIONS.map((op) => [entity, op] as const));
  const prepared = await Promise.all(pairs.map(([entity, op]) => fixture(ctx, entity, `${label}-${entity.key}-${op}`)));
  return new Map(pairs.map(([entity, op], i) => [`${entity.key}/${op}`, prepared[i]!]));
}

/** Arguments for one timed tool call; deletes get a fresh item prepared outside the timing. */
async function toolArgs(entity: EntityDef, op: RestOperation, f: Fixture, deletable: string | undefined): Promise<Record<string, unknown>> {
  switch (op) {
    case 'list':
      return { limit: 100 };
    case 'create':
      return createArgs(entity, f.parentUid, 'latency');
    case 'replace':
      return { ...updateArgs(entity, f.uid, 'latency'), ...(f.parentUid ? { additional_fields: carryParent(entity, f.parentUid) } : {}) };
    case 'patch':
      return { uid: f.uid, updates: { latencyProbe: true } };
    case 'process':
      return { uid: f.uid, action: firstAction(entity)[0] };
    case 'delete':
      return { uid: deletable };
    default:
      return { uid: f.uid };
  }
}

/** Body and query of one timed direct request. */
function routeRequest(entity: EntityDef, op: RestOperation, parentUid: string | undefined): { body?: unknown; query?: Record<string, string> } {
  switch (op) {
    case 'list':
      return { query: { limit: '100' } };
    case 'create':
    case 'replace':
      return { body: expectedCreatedPayload(entity, createArgs(entity, parentUid, 'latency')) };
    case 'patch':
      return { body: { latencyProbe: true } };
    case 'process':
      return { body: { action: firstAction(entity)[0] } };
    case 'archive':
      return { body: {} };
    default:
      return {};
  }
}

/** Parent keys sent along with a replace, so update_* makes one Go request like every other tool. */
function carryParent(entity: EntityDef, parentUid: string): Record<string, string> {
  const rule = entity.parent!;
  if (rule.kind === 'fixed') return { [rule.uidField]: parentUid };
  const [type] = Object.entries(rule.types).find(([, key]) => key === parentEntity(entity)!.key)!;
  return { [rule.typeField]: type, [rule.uidField]: parentUid };
}

function reportDistribution(ctx: CheckContext, recorder: LatencyRecorder, perName: Record<string, number>): number {
  const summary = recorder.summary();
  ctx.metric('p50Ms', summary.p50Ms);
  ctx.metric('p95Ms', summary.p95Ms);
  ctx.metric('p99Ms', summary.p99Ms);
  ctx.metric('maxMs', summary.maxMs);
  ctx.metric('samples', summary.samples);
  ctx.metric('histogram', recorder.histogramBuckets());
  ctx.metric('p95MsByName', perName);
  ctx.metric('thresholdP95Ms', ctx.settings.latency.p95Ms);
  return summary.p95Ms;
}

function worst(perName: Record<string, number>, limit: number): string {
  return Object.entries(perName)
    .filter(([, p95]) => p95 >= limit)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5)
    .map(([name, p95]) => `${name} ${p95} ms`)
    .join(', ');
}

export const latencyChecks = catalogue([
  defineCheck(
    {
      id: 'LAT-001',
      title: 'Cold start: first responses arrive in time',
      area: 'latency',
      severity: 'medium',
      requirement: 'fly.staging.toml (min_machines_running = 0, auto start): the first request may wake a machine',
      expected: 'the first proxy response and the first tool call each within the policy limit (default 15 s)',
    },
    async (ctx) => {
      const limit = ctx.settings.latency.coldStartMs;
      const started = performance.now();
      await ctx.http({ url: `${ctx.target.proxyUrl}/`, label: 'first request', timeoutMs: limit * 2 });
      const firstResponseMs = Math.round(performance.now() - started);
      const user = await ctx.user('latency-cold');
      const mcp = await SurfaceCaller.learn(await ctx.mcp(user));
      const callStarted = performance.now();
      await mcp.ok(ENTITIES[0]!, 'list', { limit: 1 }, 'first tool call');
      const firstToolCallMs = Math.round(performance.now() - callStarted);
      ctx.metric('firstResponseMs', firstResponseMs);
      ctx.metric('firstToolCallMs', firstToolCallMs);
      ctx.metric('thresholdMs', limit);
      ensure(firstResponseMs < limit, `first response took ${firstResponseMs} ms (limit ${limit} ms)`);
      ensure(firstToolCallMs < limit, `first tool call took ${firstToolCallMs} ms (limit ${limit} ms)`);
    },
  ),
  defineCheck(
    {
      id: 'LAT-002',
      title: 'Tool calls through MCP meet the p95 latency target',
      area: 'latency',
      severity: 'high',
      requirement: 'seed staging target: p95 < 500 ms per tool call (policy `latency.p95Ms`)',
      expected: 'p95 of all tool calls below the policy threshold after warm-up',
    },
    async (ctx) => {
      const { samplesPerTool, warmupCalls, p95Ms } = ctx.settings.latency;
      const all = new LatencyRecorder();
      const perTool: Record<string, number> = {};
      const warmup = await SurfaceCaller.learn(await ctx.mcp(await ctx.user('latency-warmup')));
      for (let i = 0; i < warmupCalls; i++) await warmup.ok(ENTITIES[0]!, 'list', { limit: 1 }, 'warm-up');
      const toolErrors: Record<string, number> = {};
      // one user per tool: the Go API rate-limits per user (120 burst), and this measures latency, not the limiter;
      // their data is prepared up front, all at once (untimed)
      const fixtures = await prepareFixtures(ctx, 'latency');
      for (const entity of ENTITIES) {
        for (const op of OPERATIONS) {
          const f = fixtures.get(`${entity.key}/${op}`)!;
          const mcp = await SurfaceCaller.learn(await ctx.mcp(f.user));
          const name = mcp.tool(entity, op).name;
          const recorder = new LatencyRecorder();
          const spares = op === 'delete' ? await Promise.all(Array.from({ length: samplesPerTool }, () => f.fresh())) : [];
          const argsList = await Promise.all(Array.from({ length: samplesPerTool }, (_, i) => toolArgs(entity, op, f, spares[i])));
          await measure(recorder, samplesPerTool, async (i) => {
            const outcome = await mcp.call(entity, op, argsList[i]!, i === 0 ? `timed ${name}` : undefined);
            // a round trip that ends in a tool error is still timed; whether the tool works is its E2E check's question
            if (outcome.isError) toolErrors[name] = (toolErrors[name] ?? 0) + 1;
          });
          perTool[name] = recorder.summary().p95Ms;
          all.merge(recorder);
        }
      }
      ctx.metric('toolErrors', toolErrors);
      if (Object.keys(toolErrors).length > 0) {
        ctx.note(`tool errors during measurement (timed all the same; see their E2E checks): ${Object.entries(toolErrors).map(([n, c]) => `${n} ${c}`).join(', ')}`);
      }
      const failedCalls = Object.values(toolErrors).reduce((a, b) => a + b, 0);
      const calls = samplesPerTool * ENTITIES.length * OPERATIONS.length;
      ensure(failedCalls * 2 <= calls, `${failedCalls} of ${calls} timed tool calls failed: a latency made of failures says nothing about the tools`);
      const p95 = reportDistribution(ctx, all, perTool);
      ensure(p95 < p95Ms, `tool-call p95 is ${p95} ms (limit ${p95Ms} ms); slowest: ${worst(perTool, p95Ms) || 'none above the limit individually'}`);
    },
  ),
  defineCheck(
    {
      id: 'LAT-003',
      title: 'Go API routes meet the p95 latency target',
      area: 'latency',
      severity: 'medium',
      requirement: 'seed staging target: p95 < 500 ms (policy `latency.p95Ms`); contract §3 routes',
      expected: 'p95 of direct Go API calls below the policy threshold after warm-up',
    },
    async (ctx) => {
      const { samplesPerRoute, warmupCalls, p95Ms } = ctx.settings.latency;
      const all = new LatencyRecorder();
      const perRoute: Record<string, number> = {};
      const warmup = await ctx.user('latency-go-warmup');
      for (let i = 0; i < warmupCalls; i++) await warmup.request('GET', '/healthz', { auth: false, tenant: false, withSession: false, label: 'warm-up' });
      // one user per route: the Go API rate-limits per user, and this measures latency, not the limiter
      const fixtures = await prepareFixtures(ctx, 'latency-go');
      for (const entity of ENTITIES) {
        for (const op of OPERATIONS) {
          const f = fixtures.get(`${entity.key}/${op}`)!;
          const route = `${restMethod(op)} ${restPath(entity, op)}`;
          const recorder = new LatencyRecorder();
          const spares = op === 'delete' ? await Promise.all(Array.from({ length: samplesPerRoute }, () => f.fresh())) : [];
          await measure(recorder, samplesPerRoute, async (i) => {
            const uid = op === 'delete' ? spares[i]! : f.uid;
            const path = restPath(entity, op).includes('{uid}') ? fillPath(restPath(entity, op), { uid }) : restPath(entity, op);
            const response = await f.user.request(restMethod(op), path, {
              ...routeRequest(entity, op, f.parentUid),
              ...(i === 0 ? { label: `timed ${route}` } : {}),
            });
            ensure(response.status >= 200 && response.status < 300, `${route} answered ${response.status} during measurement`);
          });
          perRoute[route] = recorder.summary().p95Ms;
          all.merge(recorder);
        }
      }
      const p95 = reportDistribution(ctx, all, perRoute);
      ensure(p95 < p95Ms, `Go API p95 is ${p95} ms (limit ${p95Ms} ms); slowest: ${worst(perRoute, p95Ms) || 'none above the limit individually'}`);
    },
  ),
]);
