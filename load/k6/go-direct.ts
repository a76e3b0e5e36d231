/**
 * k6: the direct scenario, for comparison with mcp.ts. The same VUs, identities, operations and think time, as
 * direct Go API requests: each VU opens a sync session of its own, signs tenant headers per request (HMAC-SHA256,
 * contract §5) and sends exactly the request the proxy would send for each tool call. Same thresholds.
 *
 *   npm run load -- --scenario go-direct
 *   GO_API_BASE_URL=https://… TENANT_ID=… TENANT_HEADER_SECRET=… JWT_SECRET=… k6 run load/k6/go-direct.ts
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { renderSummary, scenarioThresholds, summaryFromK6, type K6SummaryData } from '../scenario/results.ts';
import {
  SCENARIO_KEYS,
  goHeaders,
  goRequest,
  judgeGoRequest,
  judgeSessionOpen,
  needsItem,
  parseSession,
  planIteration,
  thinkTimeMs,
  workflowCursor,
  type GoSession,
  type LoadUser,
  type Outcome,
  type Step,
  type WorkflowCursor,
} from '../scenario/scenario.ts';
import { identityFor, loadConfig, scenarioOptions, tenantSigner } from './lib/config.ts';
import { bodyText, createRecorder } from './lib/record.ts';

const config = loadConfig('go-direct');
const SCENARIO = SCENARIO_KEYS['go-direct'];
const THRESHOLDS = scenarioThresholds(SCENARIO, config.mode);

export const options: Options = scenarioOptions(SCENARIO, config, THRESHOLDS);

const record = createRecorder();
const sign = tenantSigner(config);
let user: LoadUser | undefined;
let session: GoSession | undefined;
let cursor: WorkflowCursor | undefined;

function callGo(caller: LoadUser, opened: GoSession, step: Step): Outcome {
  const request = goRequest(step);
  const body = request.body === undefined ? null : JSON.stringify(request.body);
  const response = http.request(request.method, `${config.goApiUrl}${request.path}`, body, {
    headers: goHeaders(caller.token, config.tenantId, opened, Date.now(), sign, body !== null),
    tags: { name: request.name },
    responseType: 'text',
  });
  const outcome = judgeGoRequest(step.kind, request, response.status, bodyText(response.body), response.error);
  record.call(response.timings.duration, outcome, { name: request.name });
  return outcome;
}

export default function (): void {
  if (!user) user = identityFor(config, exec.vu.idInTest, exec.scenario.startTime);
  if (!session) {
    const opened = http.post(`${config.goApiUrl}/v1/sync/sessions`, null, {
      headers: goHeaders(user.token, config.tenantId, undefined, Date.now(), sign, false),
      tags: { name: 'open session' },
      responseType: 'text',
    });
    record.checks(judgeSessionOpen(opened.status, bodyText(opened.body), opened.error), { name: 'open session' });
    session = parseSession(opened.status, bodyText(opened.body));
    if (!session && config.mode === 'closed') sleep(1);
    if (!session || config.mode === 'open') return; // open loop: a VU's first iteration opens its session
  }
  if (config.mode === 'open') {
    cursor ??= workflowCursor(exec.vu.idInTest);
    const step = cursor.next();
    cursor.done(step, callGo(user, session, step));
    return;
  }
  const plan = planIteration(exec.vu.idInTest, exec.vu.iterationInScenario);
  let uid: string | undefined;
  for (const kind of plan.steps) {
    if (needsItem(kind) && uid === undefined) break;
    const outcome = callGo(user, session, { kind, entity: plan.entity, marker: plan.marker, ...(uid !== undefined ? { uid } : {}) });
    if (kind === 'create') uid = outcome.uid;
    sleep(thinkTimeMs(config.thinkMs, Math.random()) / 1000);
  }
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  const summary = summaryFromK6(data, THRESHOLDS, { vus: config.vus, durationS: config.durationS, ...(config.mode === 'open' ? { open: { arrivalRatePerS: config.ratePerS } } : {}) });
  return { [config.summaryPath]: `${JSON.stringify(summary, null, 2)}\n`, stdout: renderSummary(summary, 'go-direct') };
}
