/**
 * k6: the MCP scenario. Constant 50 VUs (TB_VUS) for TB_DURATION (default 30s), each with its own identity, calling
 * the proxy's tools over Streamable HTTP (plain JSON-RPC POSTs: k6 has no MCP SDK, the proxy is stateless): list,
 * create, get, patch, list, get, archive, delete, with think time between calls. With TB_RATE the run is open-loop
 * (constant-arrival-rate): TB_RATE calls per second, each iteration one call, the next step of its VU's workflow.
 * Thresholds: p(95) of tool calls < 200 ms, failed requests < 1 %, checks > 99 % (open loop: no dropped
 * iterations); a breach exits 99.
 *
 *   npm run load                                   # the CLI prepares identities and runs this with k6 when present
 *   npm run load -- --rate 150                     # open loop: 150 calls/s
 *   k6 run -e TB_LOAD_DATA=$PWD/reports/out/load/k6-data.json load/k6/mcp.ts
 *   MCP_BASE_URL=https://… JWT_SECRET=… JWT_ISSUER=… JWT_AUDIENCE=… k6 run load/k6/mcp.ts   # tokens minted here
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { renderSummary, scenarioThresholds, summaryFromK6, type K6SummaryData } from '../scenario/results.ts';
import {
  INITIALIZED_NOTIFICATION,
  MCP_HEADERS,
  SCENARIO_KEYS,
  initializeBody,
  judgeInitialize,
  judgeToolCall,
  needsItem,
  planIteration,
  thinkTimeMs,
  toolCall,
  toolCallBody,
  workflowCursor,
  type LoadUser,
  type Outcome,
  type Step,
  type WorkflowCursor,
} from '../scenario/scenario.ts';
import { identityFor, loadConfig, scenarioOptions } from './lib/config.ts';
import { bodyText, createRecorder } from './lib/record.ts';

const config = loadConfig('mcp');
const SCENARIO = SCENARIO_KEYS.mcp;
const THRESHOLDS = scenarioThresholds(SCENARIO, config.mode);

export const options: Options = scenarioOptions(SCENARIO, config, THRESHOLDS);

const record = createRecorder();
let user: LoadUser | undefined;
let cursor: WorkflowCursor | undefined;
let rpcId = 1;

function post(caller: LoadUser, body: string, name: string) {
  return http.post(config.mcpUrl, body, {
    headers: { ...MCP_HEADERS, authorization: `Bearer ${caller.token}` },
    tags: { name },
    responseType: 'text',
  });
}

function callTool(caller: LoadUser, step: Step): Outcome {
  const call = toolCall(step);
  const response = post(caller, toolCallBody(rpcId++, call), call.name);
  const outcome = judgeToolCall(step.kind, response.status, bodyText(response.body), response.error);
  record.call(response.timings.duration, outcome, { name: call.name });
  return outcome;
}

export default function (): void {
  if (!user) {
    user = identityFor(config, exec.vu.idInTest, exec.scenario.startTime);
    // the handshake an MCP client makes once (the stateless proxy does not need it; clients send it anyway)
    const init = post(user, initializeBody(rpcId++, 'toolbridge-load-k6'), 'initialize');
    record.checks(judgeInitialize(init.status, bodyText(init.body), init.error), { name: 'initialize' });
    post(user, INITIALIZED_NOTIFICATION, 'notifications/initialized');
    if (config.mode === 'open') return; // open loop: a VU's first iteration is its handshake
  }
  if (config.mode === 'open') {
    cursor ??= workflowCursor(exec.vu.idInTest);
    const step = cursor.next();
    cursor.done(step, callTool(user, step));
    return;
  }
  const plan = planIteration(exec.vu.idInTest, exec.vu.iterationInScenario);
  let uid: string | undefined;
  for (const kind of plan.steps) {
    if (needsItem(kind) && uid === undefined) break; // the create failed: nothing to work on
    const outcome = callTool(user, { kind, entity: plan.entity, marker: plan.marker, ...(uid !== undefined ? { uid } : {}) });
    if (kind === 'create') uid = outcome.uid;
    sleep(thinkTimeMs(config.thinkMs, Math.random()) / 1000);
  }
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  const summary = summaryFromK6(data, THRESHOLDS, { vus: config.vus, durationS: config.durationS, ...(config.mode === 'open' ? { open: { arrivalRatePerS: config.ratePerS } } : {}) });
  return { [config.summaryPath]: `${JSON.stringify(summary, null, 2)}\n`, stdout: renderSummary(summary, 'mcp') };
}
